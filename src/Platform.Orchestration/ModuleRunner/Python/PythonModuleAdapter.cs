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

    /// <summary>Why the adapter cannot start, in words that tell the operator what to install; null when it can.</summary>
    internal static string? Problem(string? resolveProblem)
    {
        if (!File.Exists(ScriptPath))
        {
            return $"the Python module adapter '{ScriptPath}' is missing from the platform's folder; reinstall the platform";
        }
        return resolveProblem is null ? null
            : $"{Program} was not found on PATH: this module has no run.command and runs src/run.py through the Python adapter, which needs {Program} (Debian: apt-get install python3)";
    }
}
