using System.Diagnostics;

namespace Platform.Orchestration.ModuleRunner.Sandbox;

/// <summary>
/// The bubblewrap (<c>bwrap</c>) command line of a tenant's sandbox, and the check whether bubblewrap
/// works on this machine at all.
/// </summary>
internal static class Bubblewrap
{
    public const string Program = "bwrap";

    /// <summary>What every sandbox, and the probe, starts with: all namespaces new, no capabilities, gone with the platform.</summary>
    private static readonly string[] Isolation = ["--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"];

    private static readonly Lazy<string?> Problem = new(ProbeOnce);

    /// <summary>Null when bubblewrap starts a sandbox here; otherwise why not (checked once per process).</summary>
    public static string? Probe() => Problem.Value;

    /// <summary>
    /// The arguments after <c>bwrap</c>: system folders read-only, the modules read-only, the tenant's
    /// run and scratch folders writable, a private /proc, /dev and /tmp, and the network only when asked.
    /// Every folder keeps its path, so the paths the platform hands a module mean the same inside.
    /// </summary>
    public static List<string> Arguments(SandboxPlace place, IReadOnlyList<string> readOnlyFolders, IReadOnlyList<string> supervisor)
    {
        var args = new List<string>(Isolation);
        if (place.Network)
        {
            args.Add("--share-net");
        }
        foreach (var system in new[] { "/usr", "/etc", "/opt" })
        {
            args.AddRange(["--ro-bind-try", system, system]);
        }
        // Merged-/usr systems link these into /usr; older ones have them as folders.
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32" })
        {
            var target = new FileInfo(top).LinkTarget;
            args.AddRange(target is not null ? ["--symlink", target, top] : ["--ro-bind-try", top, top]);
        }
        args.AddRange(["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--tmpfs", "/dev/shm"]);
        if (place.Network)
        {
            args.AddRange(["--ro-bind-try", "/run/systemd/resolve", "/run/systemd/resolve"]);
        }
        foreach (var folder in readOnlyFolders)
        {
            args.AddRange(["--ro-bind", folder, folder]);
        }
        args.AddRange(["--bind", place.RunsFolder, place.RunsFolder, "--bind", place.ScratchFolder, place.ScratchFolder]);
        args.AddRange(["--chdir", "/", "--"]);
        args.AddRange(supervisor);
        return args;
    }

    private static string? ProbeOnce()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "sandboxes need Linux";
        }
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in (string[])["--ro-bind", "/", "/", .. Isolation, "--proc", "/proc", "--dev", "/dev", "true"])
        {
            start.ArgumentList.Add(arg);
        }
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return "bwrap did not finish a trial sandbox within 30 s";
            }
            var message = error.Result.Trim().ReplaceLineEndings(" ");
            return process.ExitCode == 0 ? null : $"bwrap failed a trial sandbox (exit {process.ExitCode}): {message}";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"bwrap could not be started ({e.Message}); install the package 'bubblewrap'";
        }
    }
}

/// <summary>
/// What a sandbox is for: one tenant's runs (and, for a module with secrets, that module's only),
/// with or without network. Never shared between tenants.
/// </summary>
/// <param name="RunsFolder">The tenant's <c>runs/&lt;tenant&gt;</c> folder: writable inside.</param>
/// <param name="ScratchFolder">The tenant's <c>scratch/&lt;tenant&gt;</c> folder (HOME and TMPDIR of its runs): writable inside.</param>
/// <param name="ModulesFolder">The repository's <c>modules/</c> folder: read-only inside.</param>
/// <param name="SecretsOf">The module whose secrets the sandbox's runs carry, or null for modules without secrets.</param>
/// <param name="Python">Runs of Python modules: the interpreter's installation is shown read-only too (see <see cref="ModuleRunner.Python.PythonInterpreter"/>).</param>
internal sealed record SandboxPlace(string RunsFolder, string ScratchFolder, string ModulesFolder, bool Network, string? SecretsOf, bool Python = false);
