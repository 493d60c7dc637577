namespace Platform.Repository.Modules;

/// <summary>How the platform starts a module: an argv (no shell) and a time limit.</summary>
public sealed record ModuleRunCommand(IReadOnlyList<string> Command, int TimeoutSeconds)
{
    public const int DefaultTimeoutSeconds = 600;

    /// <summary>One day: no module may hold a runner longer.</summary>
    public const int MaxTimeoutSeconds = 86_400;
}
