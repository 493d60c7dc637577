using System.Collections.Concurrent;
using System.Diagnostics;

namespace Platform.Orchestration.ModuleRunner.Python;

/// <summary>
/// The real interpreter behind <c>python3</c> on a PATH, and the folders it needs. A <c>python3</c> on
/// PATH is often a launcher (a pyenv shim, a venv link) whose installation lies outside the folders a
/// sandbox shows; asking the interpreter itself (<c>sys.executable</c>, <c>sys.prefix</c>,
/// <c>sys.base_prefix</c>) gives the binary to start and the folders to show read-only. Asked once per
/// PATH for the platform's life (a pyenv shim takes ~0.25 s to answer), and only when a Python module runs.
/// </summary>
internal sealed record PythonInterpreter(string? Executable, IReadOnlyList<string> Folders, string? Problem)
{
    private const string Question = "import sys; print(sys.executable); print(sys.prefix); print(sys.base_prefix)";

    private static readonly ConcurrentDictionary<string, Lazy<PythonInterpreter>> Found = new(StringComparer.Ordinal);

    public static PythonInterpreter Find(string searchPath) =>
        Found.GetOrAdd(searchPath, p => new Lazy<PythonInterpreter>(() => Ask(p))).Value;

    private static PythonInterpreter Ask(string searchPath)
    {
        var launcher = CommandResolver.Resolve(PythonModuleAdapter.Program, "/", searchPath, out var problem);
        if (launcher is null)
        {
            return new(null, [], problem);
        }
        var start = new ProcessStartInfo(launcher) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        foreach (var arg in (string[])["-I", "-c", Question])
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment.Clear();
        start.Environment["PATH"] = searchPath;
        start.Environment["LANG"] = ModuleEnvironment.Lang;
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
                return new(null, [], $"'{launcher}' did not say where its interpreter is within 30 s");
            }
            if (process.ExitCode != 0 || lines.Length != 3 || !lines.All(Path.IsPathRooted))
            {
                return new(null, [], $"'{launcher}' did not run (exit {process.ExitCode}): {error.Result.Trim().ReplaceLineEndings(" ")}");
            }
            var folders = new[] { Path.GetDirectoryName(lines[0])!, lines[1], lines[2] }.Distinct(StringComparer.Ordinal).ToList();
            return new(lines[0], folders, null);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new(null, [], $"'{launcher}' could not be started: {e.Message}");
        }
    }
}
