namespace Platform.Orchestration.ModuleRunner.Python;

/// <summary>
/// The command that runs a module of the earlier Python platform (no <c>run:</c>, a <c>src/run.py</c>
/// defining <c>run(params, outputs_dir)</c>): <c>python3</c> from PATH with the adapter script shipped
/// beside the platform, which turns the request into that call and its return value into the result
/// file. The run is then an ordinary module run: same sandbox, timeout, secrets and checks.
/// </summary>
public static class PythonModuleAdapter
{
    public const string Program = "python3";

    /// <summary>The adapter script, copied next to the platform's assemblies (read-only inside the sandbox, as the platform's folder is).</summary>
    public static string ScriptPath { get; } = Path.Combine(AppContext.BaseDirectory, "ModuleRunner", "Python", "python_module_adapter.py");

    /// <summary>
    /// <c>-I</c>: no PYTHON* variables, user site folder or script folder on the import path, so only
    /// the module's own <c>src/</c> is added; <c>-B</c>: no <c>__pycache__</c> written into the module folder.
    /// </summary>
    public static IReadOnlyList<string> Command { get; } = [Program, "-I", "-B", ScriptPath];

    /// <summary>Whether a launch runs through the adapter.</summary>
    public static bool Runs(ModuleLaunch launch) => launch.Command.SequenceEqual(Command, StringComparer.Ordinal);

    /// <summary>
    /// The interpreter to start for a run (the real binary behind <c>python3</c> on <paramref name="searchPath"/>),
    /// or null with why the adapter cannot start, in words that tell the operator what to install.
    /// </summary>
    internal static string? Interpreter(string searchPath, out string? problem)
    {
        if (!File.Exists(ScriptPath))
        {
            problem = $"the Python module adapter '{ScriptPath}' is missing from the platform's folder; reinstall the platform";
            return null;
        }
        var interpreter = PythonInterpreter.Find(searchPath);
        problem = interpreter.Executable is not null ? null
            : $"{Program} was not found on PATH or did not run ({interpreter.Problem}): this module has no run.command and runs src/run.py through the Python adapter, which needs {Program} (Debian: apt-get install python3)";
        return interpreter.Executable;
    }
}
