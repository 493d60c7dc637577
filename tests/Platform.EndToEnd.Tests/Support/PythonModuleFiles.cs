namespace Platform.EndToEnd.Tests.Support;

/// <summary>
/// Writes a module of the earlier Python platform into a test repository: a module.yml without
/// <c>run:</c> (or with one holding only <c>timeout_seconds</c>) and <c>src/run.py</c>, which defines
/// <c>run(params, outputs_dir)</c>. Its validation.yml is the caller's.
/// </summary>
public static class PythonModuleFiles
{
    /// <param name="inputs">Names of its optional text inputs.</param>
    /// <param name="secrets">Keys of its <c>type: secret</c> requirements.</param>
    /// <param name="timeoutSeconds">Written as <c>run: {timeout_seconds: N}</c>; none: no <c>run:</c> at all.</param>
    public static void Write(TempPlatformRepo repo, string id, string runPy, string[] inputs, string[]? secrets = null, int? timeoutSeconds = null)
    {
        var inputLines = string.Concat(inputs.Select(i => $"\n  - {{name: {i}, required: false, format: text/plain}}"));
        var requirements = secrets is { Length: > 0 } ? string.Concat(secrets.Select(s => $"\n  - {{type: secret, key: {s}, note: test secret}}")) : " []";
        var run = timeoutSeconds is { } seconds ? $"run: {{timeout_seconds: {seconds}}}\n" : "";
        repo.Write($"modules/{id}/module.yml", $"""
            module_id: {id}
            name: python_{id}
            version: 0.1.0
            description: a module written for the Python platform
            depends_on: []
            supports_downloadable_artifacts: false
            inputs:{(inputs.Length == 0 ? " []" : inputLines)}
            outputs:
              - {"{"}name: out, format: text/plain{"}"}
            cache: {"{"}enabled: false{"}"}
            requirements:{requirements}

            """ + run);
        repo.Write($"modules/{id}/src/run.py", runPy.Replace("\r\n", "\n", StringComparison.Ordinal));
    }
}
