using Platform.Orchestration.ModuleRunner.Native;

namespace Platform.Orchestration.ModuleRunner.Workers;

/// <summary>
/// One persistent worker process (docs/module-workers.md): started like any module, in a process
/// group of its own, with a pipe as stdin and a marker of its own in PLATFORM_WORKER, which every
/// process it starts inherits.
/// </summary>
internal sealed class ModuleWorker
{
    public const string MarkerVariable = "PLATFORM_WORKER";

    private bool stopped;

    private ModuleWorker(ModuleProcess process, string key, string marker)
    {
        Process = process;
        Key = key;
        Leftovers = new RunProcesses(marker, MarkerVariable);
        Boundary = process.Pid;
    }

    public ModuleProcess Process { get; }

    /// <summary>Which runs it serves: one tenant's runs of one module.</summary>
    public string Key { get; }

    /// <summary>Finds the processes the worker started (marked, or still in its group).</summary>
    public RunProcesses Leftovers { get; }

    /// <summary>Processes with a PID up to this one were already looked at after an earlier request.</summary>
    public int Boundary { get; set; }

    public static ModuleWorker? Start(WatchRequest request, string key, string marker, out string? problem)
    {
        var environment = new Dictionary<string, string>(request.Environment, StringComparer.Ordinal) { [MarkerVariable] = marker };
        var process = ModuleProcess.Start(request.Program, request.Arguments, environment, request.WorkingDirectory, out problem, inputPipe: true);
        return process is null ? null : new ModuleWorker(process, key, marker);
    }

    /// <summary>Kills the worker's group, reaps it and every process it started; its exit code, or null when it would not die.</summary>
    public int? Kill(TimeSpan grace)
    {
        if (stopped)
        {
            return null;
        }
        var code = Stop(grace);
        // PIDs up to the boundary were swept after its last request.
        Leftovers.KillLeftovers(Boundary, grace);
        return code;
    }

    /// <summary>
    /// Kills the worker's group and reaps it, leaving what it started outside the group to a sweep by
    /// the caller; its exit code, or null when it would not die (or was stopped before).
    /// </summary>
    public int? Stop(TimeSpan grace)
    {
        if (stopped)
        {
            return null;
        }
        stopped = true;
        Process.KillGroup();
        int? code = Process.WaitForExit(grace) ? Process.Reap() : null;
        Process.Dispose();
        return code;
    }

    /// <summary>Closes stdin (the worker's cue to exit) without waiting.</summary>
    public void CloseInput() => Process.CloseInput();
}
