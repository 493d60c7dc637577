using Platform.Orchestration.ModuleRunner.Native;

namespace Platform.Orchestration.ModuleRunner.Sandbox;

/// <summary>
/// Marks this process non-dumpable (PR_SET_DUMPABLE 0): its /proc/&lt;pid&gt;/environ, mem and fds are
/// then readable only with CAP_SYS_PTRACE, so a module running as the same user cannot read the
/// platform's tokens or memory, with or without the sandbox.
/// </summary>
public static class NonDumpable
{
    private const int SetDumpable = 4;

    /// <summary>True when the flag is set (always false off Linux).</summary>
    public static bool Apply() => OperatingSystem.IsLinux() && Libc.Prctl(SetDumpable, 0, 0, 0, 0) == 0;
}
