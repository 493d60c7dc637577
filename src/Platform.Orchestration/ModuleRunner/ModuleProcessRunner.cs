using Platform.Repository.Reasons;
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
/// <param name="sandboxes">Where runs happen: null runs modules as plain child processes (<c>--sandbox off</c>).</param>
public sealed class ModuleProcessRunner(TimeProvider clock, IReadOnlyDictionary<string, string> platformEnvironment, ModuleRunnerLimits? limits = null,
    Sandbox.Sandboxes? sandboxes = null)
    : IDisposable
{
    /// <summary>The environment secrets are read from, so the orchestrator can find missing ones before charging.</summary>
    public IReadOnlyDictionary<string, string> PlatformEnvironment => platformEnvironment;

    /// <summary>The longest timeout a module may declare (module.yml's own limit).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(Repository.Modules.ModuleRunCommand.MaxTimeoutSeconds);

    private readonly ModuleRunnerLimits limits = (limits ?? ModuleRunnerLimits.Default).Validated();

    private readonly ConcurrentDictionary<(string Program, string Directory, string SearchPath), (string? Path, string? Problem)> programs = new();

    /// <summary>Each runtime dir's real path (symlinks resolved).</summary>
    private readonly ConcurrentDictionary<string, string> runtimes = new(StringComparer.Ordinal);

    /// <summary>Scratch folders (HOME and TMPDIR) per runtime dir and tenant: a tenant's sandbox sees only its own.</summary>
    private readonly ConcurrentDictionary<string, ScratchFolders> scratch = new(StringComparer.Ordinal);

    /// <summary>A worker's HOME and TMPDIR, per runtime dir, tenant and module: kept for the runner's life, as its workers are.</summary>
    private readonly ConcurrentDictionary<string, string> workerHomes = new(StringComparer.Ordinal);

    /// <summary>The persistent workers of runs without a sandbox (a sandbox keeps its own).</summary>
    private readonly Workers.ModuleWorkers workers = new();

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
        var runtimeDirectory = Path.GetFullPath(launch.RuntimeDirectory);
        var realRuntime = runtimes.GetOrAdd(runtimeDirectory, directory =>
            RealPath.Resolve(directory) ?? throw new PlatformException($"Runtime dir '{directory}' vanished."));
        // Known before the module runs (the folders below the runtime dir were just made), so a module
        // that swaps outputs/ or a folder above it for a link is caught afterwards.
        var realOutputs = Path.Combine(realRuntime, Path.GetRelativePath(runtimeDirectory, folder.OutputsDirectory));
        var pool = scratch.GetOrAdd(Path.Combine(runtimeDirectory, "scratch", launch.TenantId.Value), f => new ScratchFolders(f));
        var home = launch.Worker ? workerHomes.GetOrAdd(WorkerKey(launch), _ => pool.Take()) : pool.Take();
        var clean = false;
        try
        {
            return Run(launch, folder, realOutputs, home, startedAt, out clean, cancellationToken);
        }
        finally
        {
            // Back to the pool only once every process of the run is known to be gone.
            if (!launch.Worker)
            {
                pool.Return(home, reusable: clean);
            }
        }
    }

    /// <summary>
    /// Starts the sandbox a tenant's plain runs will use (those of modules without secrets or network),
    /// ahead of them; nothing without sandboxes.
    /// </summary>
    /// <param name="modulesFolder">The repository's <c>modules/</c> folder.</param>
    public void Prepare(string runtimeDirectory, TenantId tenant, string modulesFolder)
    {
        if (sandboxes is null)
        {
            return;
        }
        var runtime = Path.GetFullPath(runtimeDirectory);
        sandboxes.Prepare(new Sandbox.SandboxPlace(Path.Combine(runtime, "runs", tenant.Value), Path.Combine(runtime, "scratch", tenant.Value),
            Path.GetFullPath(modulesFolder), Network: false, SecretsOf: null));
    }

    /// <summary>
    /// Kills every module still running in this process: for a platform about to exit at once (a
    /// second Ctrl+C), since modules run in process groups of their own and no signal reaches them.
    /// </summary>
    public static void KillAllRunning() => ModuleProcess.KillAll();

    public void Dispose()
    {
        workers.Dispose();
        foreach (var pool in scratch.Values)
        {
            pool.Dispose();
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
            : null;
        string? program = null;
        if (notStarted is null && Python.PythonModuleAdapter.Runs(launch))
        {
            notStarted = Directory.Exists(moduleDirectory) ? null : NoFolder(moduleDirectory);
            program = notStarted is null ? Python.PythonModuleAdapter.Interpreter(variables["PATH"], out notStarted) : null;
        }
        else if (notStarted is null)
        {
            // Resolved once per program, folder and PATH for the runner's life, the folder's existence
            // included: a lookup is a dozen stat calls. (A folder removed later fails its runs at the spawn.)
            (program, notStarted) = programs.GetOrAdd((launch.Command[0], moduleDirectory, variables["PATH"]),
                key => Directory.Exists(key.Directory)
                    ? (CommandResolver.Resolve(key.Program, key.Directory, key.SearchPath, out var problem), problem)
                    : (null, NoFolder(key.Directory)));
        }
        if (program is null)
        {
            return NotStarted(folder, startedAt, notStarted!);
        }
        var request = new WatchRequest(program, launch.Command, variables, moduleDirectory, folder.StdoutLog, folder.StderrLog,
            launch.Timeout, folder.RequestFile, $"{launch.ModuleId} (run {launch.ModuleRunId})", limits,
            launch.Worker ? RequestFile.Line(launch, folder) : null, launch.Worker ? WorkerKey(launch) : null,
            launch.Worker ? launch.ModuleRunId.Value : null);
        clean = false;
        var outcome = sandboxes is not null ? sandboxes.Run(Place(launch, home), request, cancellationToken)
            : launch.Worker ? workers.Run(request, cancellationToken)
            : ProcessWatch.Run(request, cancellationToken);
        clean = outcome.LeftoversGone;
        if (outcome.NotStartedBecause is { } why)
        {
            return NotStarted(folder, startedAt, why);
        }
        var exitCode = outcome.ExitCode;
        var endedAt = clock.GetUtcNow();

        ModuleRunResult Failed(string slug, string detail) =>
            new(ModuleRunStatus.Failed, slug, startedAt, endedAt, [], exitCode, folder.OutputsDirectory, folder.Root,
                outcome.StdoutTruncated, outcome.StderrTruncated, detail);

        if (exitCode is null)
        {
            return Failed(GlobalSlugs.ModuleTimeout, $"ran longer than its timeout of {launch.Timeout.TotalSeconds:0.###} s and was killed");
        }
        if (outcome.WorkerProblem is { } broken)
        {
            return Failed(GlobalSlugs.ModuleFailed, broken);
        }
        if (exitCode != 0)
        {
            return Failed(GlobalSlugs.ModuleFailed, $"exited with code {exitCode}");
        }
        // No link anywhere on the real path, which the platform made of real folders: one openat2 rather
        // than realpath's readlink per component.
        if (!(RegularFile.IsLinkFreeDirectory(realOutputs) ?? RealPath.Resolve(folder.OutputsDirectory) == realOutputs))
        {
            return Failed(GlobalSlugs.ModuleFailed, "the outputs folder was removed or replaced");
        }
        var realResult = Path.Combine(Path.GetDirectoryName(realOutputs)!, RunFolder.ResultFileName);
        if (launch.Worker && !Workers.WorkerResult.Keep(realResult, outcome.Result, out var notKept))
        {
            return Failed(GlobalSlugs.ModuleFailed, notKept!);
        }
        // A worker's answer is checked as it came (the copy in result.json is the platform's own write).
        var report = launch.Worker
            ? ResultFile.Parse(outcome.Result!, realOutputs, launch.ReasonSlugs, limits, out var problem)
            : ResultFile.Read(realResult, realOutputs, launch.ReasonSlugs, limits, out problem);
        if (report is null)
        {
            return Failed(GlobalSlugs.ModuleFailed, problem!);
        }
        return new ModuleRunResult(report.Status, report.ReasonSlug, startedAt, endedAt, report.Files, exitCode,
            folder.OutputsDirectory, folder.Root, outcome.StdoutTruncated, outcome.StderrTruncated, null);
    }

    private static string NoFolder(string moduleDirectory) => $"module folder '{moduleDirectory}' does not exist";

    /// <summary>Which worker serves a run: one per runtime dir, tenant and module, never shared between tenants.</summary>
    private static string WorkerKey(ModuleLaunch launch) =>
        $"{Path.GetFullPath(launch.RuntimeDirectory)}|{launch.TenantId.Value}|{launch.ModuleId.Value}";

    /// <summary>The sandbox a run belongs in: its tenant's, or for a module with secrets, its own within the tenant.</summary>
    private static Sandbox.SandboxPlace Place(ModuleLaunch launch, string home)
    {
        var runtime = Path.GetFullPath(launch.RuntimeDirectory);
        return new Sandbox.SandboxPlace(Path.Combine(runtime, "runs", launch.TenantId.Value), Path.GetDirectoryName(home)!,
            Path.GetDirectoryName(Path.GetFullPath(launch.ModuleDirectory))!, launch.Network,
            launch.SecretKeys.Count > 0 ? launch.ModuleId.Value : null, Python.PythonModuleAdapter.Runs(launch));
    }

    /// <summary>A run that never started: module_failed, and the reason also in its stderr.log, where an operator looks first.</summary>
    private ModuleRunResult NotStarted(RunFolder folder, DateTimeOffset startedAt, string detail)
    {
        File.AppendAllText(folder.StderrLog, $"platform: the module was not started: {detail}\n");
        return new(ModuleRunStatus.Failed, GlobalSlugs.ModuleFailed, startedAt, clock.GetUtcNow(), [], null,
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
