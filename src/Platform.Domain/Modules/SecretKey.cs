namespace Platform.Domain.Modules;

/// <summary>
/// What a module may declare as a secret: a plain variable name the platform does not set or guard.
/// Checked when module.yml is read (a structural error) and again by the runner before a launch.
/// </summary>
public static class SecretKey
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "PATH", "HOME", "LANG", "TMPDIR",
        // Declaring these would hand a module a variable that git and gh take for the GitHub token.
        "GITHUB_TOKEN", "GH_TOKEN",
    };

    /// <summary>Why <paramref name="key"/> cannot be a secret key, or null when it can.</summary>
    public static string? Problem(string key) =>
        !IsVariableName(key) ? "a secret key must be a variable name ([A-Za-z_][A-Za-z0-9_]*)"
        : Reserved.Contains(key) || key.StartsWith("PLATFORM_", StringComparison.Ordinal) ? "a secret key must not be a name the platform sets or guards"
        : null;

    private static bool IsVariableName(string key)
    {
        if (key.Length == 0 || key.Length > 128 || char.IsAsciiDigit(key[0]))
        {
            return false;
        }
        foreach (var c in key)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }
}
