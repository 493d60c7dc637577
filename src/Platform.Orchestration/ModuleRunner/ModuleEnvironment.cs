using Platform.Domain.Errors;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// The whole environment a module sees: a minimal base, the three PLATFORM_ paths, and its declared
/// secrets. Nothing else of the platform's environment gets through (no GitHub token, no
/// undeclared variable), because the child's environment is cleared before these are set.
/// </summary>
public static class ModuleEnvironment
{
    public const string RequestFileVariable = "PLATFORM_REQUEST_FILE";
    public const string OutputsDirVariable = "PLATFORM_OUTPUTS_DIR";
    public const string ResultFileVariable = "PLATFORM_RESULT_FILE";

    /// <summary>Used when the platform itself has no PATH: the standard Debian search path.</summary>
    public const string FallbackPath = "/usr/local/bin:/usr/bin:/bin";

    /// <summary>
    /// Fixed rather than copied from the platform: a module's text handling must not change with the
    /// operator's locale, and C.UTF-8 exists on every Debian base.
    /// </summary>
    public const string Lang = "C.UTF-8";

    /// <summary>Rejects secret keys that are not plain variable names or would shadow a variable the platform sets.</summary>
    public static void CheckSecretKeys(ModuleId module, IReadOnlyList<string> keys)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            var problem = Domain.Modules.SecretKey.Problem(key) ?? (!seen.Add(key) ? "the secret key is declared twice" : null);
            if (problem is not null)
            {
                throw PlatformException.BadInput(new Violation($"modules/{module.Value}/module.yml", null, "requirements.key", key, problem));
            }
        }
    }

    /// <summary>
    /// The module's environment, or the names of the declared secrets the platform does not have
    /// (<c>&lt;module_id&gt;_&lt;KEY&gt;</c>), in which case the run must not start.
    /// </summary>
    /// <remarks>
    /// HOME and TMPDIR are the run's empty scratch folder, not the platform user's: tools that
    /// cache under ~ (pip, npm, dotnet) would otherwise carry one tenant's data into another's run.
    /// </remarks>
    public static (Dictionary<string, string> Variables, IReadOnlyList<string> MissingSecrets) Build(
        ModuleLaunch launch, RunFolder folder, string scratch, IReadOnlyDictionary<string, string> platformEnvironment)
    {
        var path = platformEnvironment.TryGetValue("PATH", out var platformPath) && platformPath.Length > 0 ? platformPath : FallbackPath;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = path,
            ["HOME"] = scratch,
            ["LANG"] = Lang,
            ["TMPDIR"] = scratch,
        };
        // A worker serves many runs: their paths come with each request line instead.
        if (!launch.Worker)
        {
            variables[RequestFileVariable] = folder.RequestFile;
            variables[OutputsDirVariable] = folder.OutputsDirectory;
            variables[ResultFileVariable] = folder.ResultFile;
        }
        var missing = new List<string>();
        foreach (var key in launch.SecretKeys)
        {
            var source = SecretSource(launch.ModuleId, key);
            if (platformEnvironment.TryGetValue(source, out var value))
            {
                variables[key] = value;
            }
            else
            {
                missing.Add(source);
            }
        }
        return (variables, missing);
    }

    /// <summary>The platform's environment variable a module's declared secret is read from.</summary>
    public static string SecretSource(ModuleId module, string key) => $"{module.Value}_{key}";

    /// <summary>The platform's own environment as a dictionary, for callers outside tests.</summary>
    public static IReadOnlyDictionary<string, string> Current()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value)
            {
                result[key] = value;
            }
        }
        return result;
    }
}
