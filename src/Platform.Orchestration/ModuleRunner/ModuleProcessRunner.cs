using System.ComponentModel;
using System.Diagnostics;
using Platform.Domain.Errors;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Runs one module as an isolated child process under the execution contract (SPEC section 4) and
/// turns whatever happened into a <see cref="ModuleRunResult"/>. A module's failure, hang or
/// misbehaviour is a FAILED result, never an exception; exceptions mean a malformed launch
/// (<see cref="PlatformException"/>), a broken runtime dir, or cancellation by the caller.
/// </summary>
/// <param name="clock">Stamps started/ended times. Timeouts run on the real monotonic clock instead,
/// so a frozen clock (PLATFORM_NOW) cannot keep a hung module alive.</param>
/// <param name="platformEnvironment">The platform's environment variables: the source of PATH and of
/// the modules' secrets. Use <see cref="ModuleEnvironment.Current"/> outside tests.</param>
public sealed class ModuleProcessRunner(TimeProvider clock, IReadOnlyDictionary<string, string> platformEnvironment, ModuleRunnerLimits? limits = null)
{
    /// <summary>The longest timeout a timer can hold; longer ones are a configuration mistake.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);

    private readonly ModuleRunnerLimits limits = limits ?? ModuleRunnerLimits.Default;

    /// <summary>
    /// Runs the module to the end, its timeout or <paramref name="cancellationToken"/>. On cancellation the
    /// process tree is killed before <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public async Task<ModuleRunResult> RunAsync(ModuleLaunch launch, CancellationToken cancellationToken = default)
    {
        CheckLaunch(launch);
        var folder = new RunFolder(launch.RuntimeDirectory, launch.TenantId, launch.WorkOrderId, launch.ModuleId, launch.ModuleRunId);
        folder.Prepare();
        var startedAt = clock.GetUtcNow();
        // Resolved before the module runs, so a module that swaps outputs/ for a link is caught afterwards.
        var realOutputs = RealPath.Resolve(folder.OutputsDirectory)
            ?? throw new PlatformException($"Run folder '{folder.Root}' vanished while being prepared.");
        RequestFile.Write(folder.RequestFile, launch);

        var (variables, missingSecrets) = ModuleEnvironment.Build(launch, folder, platformEnvironment);
        var moduleDirectory = Path.GetFullPath(launch.ModuleDirectory);
        string? notStarted = missingSecrets.Count > 0
            ? $"the platform has no {string.Join(", ", missingSecrets)} for the module's declared secrets"
            : !Directory.Exists(moduleDirectory) ? $"module folder '{moduleDirectory}' does not exist"
            : null;
        var program = notStarted is null ? CommandResolver.Resolve(launch.Command[0], moduleDirectory, variables["PATH"], out notStarted) : null;
        if (program is null)
        {
            return NotStarted(folder, startedAt, notStarted!);
        }

        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            WorkingDirectory = moduleDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in launch.Command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Clear();
        foreach (var (key, value) in variables)
        {
            start.Environment[key] = value;
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception e)
        {
            return NotStarted(folder, startedAt, $"could not start '{program}': {e.Message}");
        }
        if (process is null)
        {
            return NotStarted(folder, startedAt, $"could not start '{program}'");
        }
        using (process)
        {
            return await Supervise(launch, folder, realOutputs, process, startedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ModuleRunResult> Supervise(
        ModuleLaunch launch, RunFolder folder, string realOutputs, Process process, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var processes = new RunProcesses(folder.RequestFile);
        bool timedOut;
        LogCapture stdoutCapture;
        LogCapture stderrCapture;
        try
        {
            (timedOut, stdoutCapture, stderrCapture) = await Watch(launch, folder, process, processes, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Whatever failed on the platform's side, the module must not outlive the runner.
            await processes.KillAllAsync(process, limits.KillGrace).ConfigureAwait(false);
            throw;
        }
        var endedAt = clock.GetUtcNow();
        folder.RemoveScratch();
        cancellationToken.ThrowIfCancellationRequested();

        var exitCode = timedOut ? (int?)null : process.ExitCode;
        ModuleRunResult Failed(string slug, string detail) =>
            new(ModuleRunStatus.Failed, slug, startedAt, endedAt, [], exitCode, folder.OutputsDirectory, folder.Root,
                stdoutCapture.Truncated, stderrCapture.Truncated, detail);

        if (timedOut)
        {
            return Failed(RunnerReasons.ModuleTimeout, $"ran longer than its timeout of {launch.Timeout.TotalSeconds:0.###} s and was killed");
        }
        if (exitCode != 0)
        {
            return Failed(RunnerReasons.ModuleFailed, $"exited with code {exitCode}");
        }
        if (RealPath.Resolve(folder.OutputsDirectory) != realOutputs)
        {
            return Failed(RunnerReasons.ModuleFailed, "the outputs folder was removed or replaced");
        }
        var report = ResultFile.Read(folder.ResultFile, realOutputs, launch.ReasonSlugs, limits, out var problem);
        if (report is null)
        {
            return Failed(RunnerReasons.ModuleFailed, problem!);
        }
        return new ModuleRunResult(report.Status, report.ReasonSlug, startedAt, endedAt, report.Files, exitCode,
            folder.OutputsDirectory, folder.Root, stdoutCapture.Truncated, stderrCapture.Truncated, null);
    }

    /// <summary>Waits for the module to exit (or its timeout, or cancellation), ends every process of the run and collects the logs.</summary>
    private async Task<(bool TimedOut, LogCapture Stdout, LogCapture Stderr)> Watch(
        ModuleLaunch launch, RunFolder folder, Process process, RunProcesses processes, CancellationToken cancellationToken)
    {
        // The module gets no input: an open stdin would let it wait on the platform's terminal.
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already gone; its exit is handled below.
        }
        using var stopReading = new CancellationTokenSource();
        var stdout = CappedLog.CopyAsync(process.StandardOutput.BaseStream, folder.StdoutLog, limits.MaxLogBytes, stopReading.Token);
        var stderr = CappedLog.CopyAsync(process.StandardError.BaseStream, folder.StderrLog, limits.MaxLogBytes, stopReading.Token);

        var timedOut = false;
        using (var deadline = new CancellationTokenSource(launch.Timeout))
        using (var waitLimit = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken))
        {
            try
            {
                await process.WaitForExitAsync(waitLimit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = !cancellationToken.IsCancellationRequested;
            }
        }
        // Also after a normal exit: whatever the module left running must not outlive its run,
        // write into outputs/ while they are checked, or hold the log pipes open.
        await processes.KillAllAsync(process, limits.KillGrace).ConfigureAwait(false);
        using (var exitWait = new CancellationTokenSource(limits.KillGrace))
        {
            try
            {
                await process.WaitForExitAsync(exitWait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new PlatformException($"Module {launch.ModuleId} (run {launch.ModuleRunId}) survived being killed.");
            }
        }
        var (stdoutCapture, stderrCapture) = await DrainLogs(stdout, stderr, stopReading).ConfigureAwait(false);
        return (timedOut, stdoutCapture, stderrCapture);
    }

    /// <summary>Waits for both logs to reach the end of their pipes, cutting them off after the grace.</summary>
    private async Task<(LogCapture Stdout, LogCapture Stderr)> DrainLogs(
        Task<LogCapture> stdout, Task<LogCapture> stderr, CancellationTokenSource stopReading)
    {
        var both = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(both, Task.Delay(limits.LogDrainGrace)).ConfigureAwait(false) != both)
        {
            await stopReading.CancelAsync().ConfigureAwait(false);
        }
        var captures = await both.ConfigureAwait(false);
        return (captures[0], captures[1]);
    }

    private ModuleRunResult NotStarted(RunFolder folder, DateTimeOffset startedAt, string detail)
    {
        folder.RemoveScratch();
        return new ModuleRunResult(ModuleRunStatus.Failed, RunnerReasons.ModuleFailed, startedAt, clock.GetUtcNow(), [], null,
            folder.OutputsDirectory, folder.Root, false, false, detail);
    }

    private static void CheckLaunch(ModuleLaunch launch)
    {
        var file = $"modules/{launch.ModuleId.Value}/module.yml";
        var problems = new List<Violation>();
        if (launch.Command.Count == 0 || string.IsNullOrEmpty(launch.Command[0]))
        {
            problems.Add(new Violation(file, null, "run.command", string.Join(' ', launch.Command), "run.command must name a program"));
        }
        else if (launch.Command.Any(a => a.Contains('\0', StringComparison.Ordinal)))
        {
            problems.Add(new Violation(file, null, "run.command", null, "run.command must not contain NUL characters"));
        }
        if (launch.Timeout <= TimeSpan.Zero || launch.Timeout > MaxTimeout)
        {
            problems.Add(new Violation(file, null, "run.timeout_seconds", launch.Timeout.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"the timeout must be positive and at most {MaxTimeout.TotalSeconds} seconds"));
        }
        if (problems.Count > 0)
        {
            throw PlatformException.BadInput(problems);
        }
        ModuleEnvironment.CheckSecretKeys(launch.ModuleId, launch.SecretKeys);
    }
}
