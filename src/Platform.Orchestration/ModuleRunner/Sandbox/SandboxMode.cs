using Platform.Domain.Errors;

namespace Platform.Orchestration.ModuleRunner.Sandbox;

/// <summary><c>--sandbox auto|required|off</c> (env PLATFORM_SANDBOX): whether module runs happen in a sandbox.</summary>
public enum SandboxMode
{
    /// <summary>Sandboxed when bubblewrap works here; otherwise one warning and plain child processes.</summary>
    Auto,

    /// <summary>Sandboxed, or no module runs at all (the workflows use this).</summary>
    Required,

    /// <summary>Plain child processes, logged: the explicit opt-out.</summary>
    Off,
}

/// <summary>Turns the mode into the sandboxes a run uses (or none), saying what it decided.</summary>
public static class SandboxChoice
{
    public static SandboxMode Parse(string? value, string field) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => SandboxMode.Auto,
        "required" => SandboxMode.Required,
        "off" => SandboxMode.Off,
        _ => throw PlatformException.BadInput(new Violation(null, null, field, value, "must be auto, required or off")),
    };

    /// <summary>
    /// The sandboxes to run modules in, or null to run them as plain child processes. Throws (exit 2,
    /// before anything is charged) when the mode is <see cref="SandboxMode.Required"/> and bubblewrap cannot run.
    /// </summary>
    public static Sandboxes? Open(SandboxMode mode, IReadOnlyList<string> supervisor, IReadOnlyDictionary<string, string> environment, Action<string> log)
    {
        if (mode == SandboxMode.Off)
        {
            log("sandbox off (--sandbox off): modules run as plain child processes and can see the platform's processes");
            return null;
        }
        if (Bubblewrap.Probe() is { } problem)
        {
            if (mode == SandboxMode.Required)
            {
                throw PlatformException.BadInput(new Violation(null, null, "--sandbox", "required", $"cannot sandbox modules: {problem}"));
            }
            log($"warning: modules run WITHOUT a sandbox: {problem} (install bubblewrap, or pass --sandbox off to silence this)");
            return null;
        }
        return new Sandboxes(supervisor, environment);
    }
}
