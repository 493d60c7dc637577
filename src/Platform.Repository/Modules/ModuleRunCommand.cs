namespace Platform.Repository.Modules;

/// <summary>
/// How the platform starts a module: an argv (no shell) and a time limit; or, for a module of the
/// earlier Python platform (<see cref="Python"/>: no <c>run.command</c>, a <see cref="PythonEntry"/>),
/// through the platform's Python adapter, with an empty <see cref="Command"/>.
/// <see cref="Worker"/>: <c>protocol: worker</c>, one long-lived process per tenant answering requests
/// on stdin/stdout (docs/module-workers.md) instead of a process per run.
/// </summary>
public sealed record ModuleRunCommand(IReadOnlyList<string> Command, int TimeoutSeconds, bool Python = false, bool Worker = false)
{
    public const string ProcessProtocol = "process";
    public const string WorkerProtocol = "worker";

    public const int DefaultTimeoutSeconds = 600;

    /// <summary>One day: no module may hold a runner longer.</summary>
    public const int MaxTimeoutSeconds = 86_400;

    /// <summary>The file, relative to the module folder, that makes a module without <c>run.command</c> a Python module.</summary>
    public const string PythonEntry = "src/run.py";
}
