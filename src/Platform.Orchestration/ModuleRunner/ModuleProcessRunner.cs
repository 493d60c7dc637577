using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Orchestration.ModuleRunner.Native;
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
/// <remarks>Disposing removes the scratch folders (HOME and TMPDIR of the runs) it made.</remarks>
public sealed class ModuleProcessRunner(TimeProvider clock, IReadOnlyDictionary<string, string> platformEnvironment, ModuleRunnerLimits? limits = null)
    : IDisposable
{
    /// <summary>The environment secrets are read from, so the orchestrator can find missing ones before charging.</summary>
    public IReadOnlyDictionary<string, string> PlatformEnvironment => platformEnvironment;

    /// <summary>The longest timeout a timer can hold; longer ones are a configuration mistake.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(7);

    private readonly ModuleRunnerLimits limits = limits ?? ModuleRunnerLimits.Default;

    private readonly ConcurrentDictionary<(string Program, string Directory, string SearchPath), (string? Path, string? Problem)> programs = new();

    /// <summary>Each runtime dir's real path (symlinks resolved) and scratch folders.</summary>
    private readonly ConcurrentDictionary<string, (string RealPath, ScratchFolders Scratch)> runtimes = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs the module to the end, its timeout or <paramref name="cancellationToken"/>, on the calling
    /// thread. On cancellation the module's processes are killed before <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    public ModuleRunResult Run(ModuleLaunch launch, CancellationToken cancellationToken = default)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformException("The module runner needs Linux (posix_spawn, pidfd, /proc); run the orchestrator on a Linux machine.");
        }
        CheckLaunch(launch);
        cancellationToken.ThrowIfCancellationRequested();
        var folder = new RunFolder(launch.RuntimeDirectory, launch.TenantId, launch.WorkOrderId, launch.ModuleId, launch.ModuleRunId);
        folder.Prepare();
        var startedAt = clock.GetUtcNow();
        RequestFile.Write(folder.RequestFile, launch);
        var runtime = runtimes.GetOrAdd(Path.GetFullPath(launch.RuntimeDirectory), directory =>
            (RealPath.Resolve(directory) ?? throw new PlatformException($"Runtime dir '{directory}' vanished."), new ScratchFolders(directory)));
        // Known before the module runs (the folders below the runtime dir were just made), so a module
        // that swaps outputs/ or a folder above it for a link is caught afterwards.
        var realOutputs = Path.Combine(runtime.RealPath, Path.GetRelativePath(Path.GetFullPath(launch.RuntimeDirectory), folder.OutputsDirectory));
        var pool = runtime.Scratch;
        var home = pool.Take();
        var clean = false;
        try
        {
            return Run(launch, folder, realOutputs, home, startedAt, out clean, cancellationToken);
        }
        finally
        {
            // Back to the pool only once every process of the run is known to be gone.
            pool.Return(home, reusable: clean);
        }
    }

    /// <summary>
    /// Kills every module still running in this process: for a platform about to exit at once (a
    /// second Ctrl+C), since modules run in process groups of their own and no signal reaches them.
    /// </summary>
    public static void KillAllRunning() => ModuleProcess.KillAll();

    public void Dispose()
    {
        foreach (var runtime in runtimes.Values)
        {
            runtime.Scratch.Dispose();
        }
    }

    private ModuleRunResult Run(ModuleLaunch launch, RunFolder folder, string realOutputs, string home, DateTimeOffset startedAt,
        out bool clean, CancellationToken cancellationToken)
    {
        clean = true;
        var (variables, missingSecrets) = ModuleEnvironment.Build(launch, folder, home, platformEnvironment);
        var moduleDirectory = Path.GetFullPath(launch.ModuleDirectory);
        string? notStarted = missingSecrets.Count > 0
            ? $"the platform has no {string.Join(", ", missingSecrets)} for the module's declared secrets"
            : !Directory.Exists(moduleDirectory) ? $"module folder '{moduleDirectory}' does not exist"
            : null;
        string? program = null;
        if (notStarted is null)
        {
            // Resolved once per program, folder and PATH for the runner's life: a lookup is a dozen stat calls.
            (program, notStarted) = programs.GetOrAdd((launch.Command[0], moduleDirectory, variables["PATH"]),
                key => (CommandResolver.Resolve(key.Program, key.Directory, key.SearchPath, out var problem), problem));
        }
        if (program is null)
        {
            return NotStarted(folder, startedAt, notStarted!);
        }
        using var process = ModuleProcess.Start(program, launch.Command, variables, moduleDirectory, out var spawnProblem);
        if (process is null)
        {
            return NotStarted(folder, startedAt, $"could not start '{program}': {spawnProblem}");
        }
        clean = false;
        var (exitCode, stdoutCapture, stderrCapture, leftoversGone) = Watch(launch, folder, process, cancellationToken);
        clean = leftoversGone;
        var endedAt = clock.GetUtcNow();

        ModuleRunResult Failed(string slug, string detail) =>
            new(ModuleRunStatus.Failed, slug, startedAt, endedAt, [], exitCode, folder.OutputsDirectory, folder.Root,
                stdoutCapture.Truncated, stderrCapture.Truncated, detail);

        if (exitCode is null)
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

    /// <summary>
    /// Copies the module's output into its logs until it exits (or its timeout, or cancellation), ends
    /// every process of the run and waits for the output pipes to close. The exit code is null when the
    /// module was killed at its timeout.
    /// </summary>
    private (int? ExitCode, LogCapture Stdout, LogCapture Stderr, bool LeftoversGone) Watch(
        ModuleLaunch launch, RunFolder folder, ModuleProcess process, CancellationToken cancellationToken)
    {
        using var cancel = new CancelSignal(cancellationToken);
        using var stdout = new CappedLog(folder.StdoutLog, limits.MaxLogBytes);
        using var stderr = new CappedLog(folder.StderrLog, limits.MaxLogBytes);
        var leftovers = new RunProcesses(folder.RequestFile);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int? exitCode = null;
            var leftoversGone = false;
            var exited = false;
            var timedOut = false;
            // The module's timeout, then the grace for killed processes to go, then for the pipes to close.
            var until = Stopwatch.GetTimestamp() + (long)(launch.Timeout.TotalSeconds * Stopwatch.Frequency);
            while (!exited || process.HasOpenOutput)
            {
                var ready = process.Wait(cancel.Fd, MillisecondsUntil(until));
                // Checked on the clock too: a module that writes without pause never lets poll time out.
                var expired = ready.TimedOut || Stopwatch.GetTimestamp() >= until;
                if (ready.Cancelled)
                {
                    if (!exited)
                    {
                        EndAll(launch, process, leftovers);
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                }
                if (ready.Stdout)
                {
                    stdout.Append(buffer.AsSpan(0, process.Read(fromStderr: false, buffer)));
                }
                if (ready.Stderr)
                {
                    stderr.Append(buffer.AsSpan(0, process.Read(fromStderr: true, buffer)));
                }
                if (ready.Exited)
                {
                    // Whatever the module left running must not outlive its run, write into outputs/
                    // while they are checked, or hold the log pipes open.
                    (var code, leftoversGone) = EndAll(launch, process, leftovers);
                    exited = true;
                    exitCode = timedOut ? null : code;
                    until = Stopwatch.GetTimestamp() + (long)(limits.LogDrainGrace.TotalSeconds * Stopwatch.Frequency);
                }
                else if (expired && exited)
                {
                    // A process the sweep could not find still holds the pipes: cut the logs off.
                    break;
                }
                else if (expired && timedOut)
                {
                    throw new PlatformException($"Module {launch.ModuleId} (run {launch.ModuleRunId}) survived being killed.");
                }
                else if (expired)
                {
                    timedOut = true;
                    process.KillGroup();
                    leftovers.KillLeftovers(process.Pid, TimeSpan.Zero);
                    until = Stopwatch.GetTimestamp() + (long)(limits.KillGrace.TotalSeconds * Stopwatch.Frequency);
                }
            }
            return (exitCode, stdout.Finish(process.IsOpen(stderrPipe: false)), stderr.Finish(process.IsOpen(stderrPipe: true)), leftoversGone);
        }
        catch
        {
            // Whatever failed on the platform's side, the module must not outlive the runner.
            process.KillGroup();
            leftovers.KillLeftovers(process.Pid, limits.KillGrace);
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Kills the module's group (the module included, if still running), reaps the module and sweeps
    /// for leftovers; whether all of them are gone comes back with the exit code.
    /// </summary>
    private (int Code, bool LeftoversGone) EndAll(ModuleLaunch launch, ModuleProcess process, RunProcesses leftovers)
    {
        process.KillGroup();
        // A process stuck in the kernel (a hung network mount) ignores even SIGKILL: give up on it
        // rather than block the platform.
        if (!process.WaitForExit(limits.KillGrace))
        {
            throw new PlatformException($"Module {launch.ModuleId} (run {launch.ModuleRunId}) survived being killed.");
        }
        var code = process.Reap();
        return (code, leftovers.KillLeftovers(process.Pid, limits.KillGrace));
    }

    private static int MillisecondsUntil(long timestamp)
    {
        var remaining = (timestamp - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
        return remaining <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(remaining));
    }

    private ModuleRunResult NotStarted(RunFolder folder, DateTimeOffset startedAt, string detail) =>
        new(ModuleRunStatus.Failed, RunnerReasons.ModuleFailed, startedAt, clock.GetUtcNow(), [], null,
            folder.OutputsDirectory, folder.Root, false, false, detail);

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
