using Platform.Domain.Errors;

namespace Platform.State.Stores.GitHub;

/// <summary>
/// Where and how the GitHub store talks to GitHub. Retries are bounded in count and in each wait,
/// so a rate-limited or failing GitHub ends a command with exit 4 instead of hanging it.
/// </summary>
public sealed record GitHubStoreOptions(Uri ApiUrl, string Owner, string Repository, string Token)
{
    public static readonly Uri DefaultApiUrl = new("https://api.github.com");

    /// <summary>Publishing billing state or artifacts to a public repository needs this (--allow-public-repo).</summary>
    public bool AllowPublicRepo { get; init; }

    public int MaxAttempts { get; init; } = 5;

    /// <summary>The longest single wait between attempts, whatever Retry-After or the rate-limit reset asks for.</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public string RepositoryPath => $"repos/{Owner}/{Repository}";

    /// <summary>
    /// Reads GH_TOKEN (else GITHUB_TOKEN), GITHUB_REPOSITORY (owner/name) and GITHUB_API_URL
    /// (default https://api.github.com); a missing or malformed one is a one-line store error.
    /// </summary>
    public static GitHubStoreOptions FromEnvironment(Func<string, string?> environment, bool allowPublicRepo)
    {
        static string? Value(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        var token = Value(environment("GH_TOKEN")) ?? Value(environment("GITHUB_TOKEN"))
            ?? throw PlatformException.StoreUnavailable("the github store needs a token in GH_TOKEN or GITHUB_TOKEN");
        var repository = Value(environment("GITHUB_REPOSITORY"))
            ?? throw PlatformException.StoreUnavailable("the github store needs GITHUB_REPOSITORY (owner/name)");
        var parts = repository.Split('/');
        if (parts.Length != 2 || parts.Any(p => p.Length == 0 || p.StartsWith('.') || p.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))))
        {
            throw PlatformException.StoreUnavailable($"GITHUB_REPOSITORY='{repository}' is not owner/name");
        }
        var apiText = Value(environment("GITHUB_API_URL"));
        Uri apiUrl = DefaultApiUrl;
        if (apiText is not null && (!Uri.TryCreate(apiText, UriKind.Absolute, out apiUrl!) || apiUrl.Scheme is not ("https" or "http")))
        {
            throw PlatformException.StoreUnavailable($"GITHUB_API_URL='{apiText}' is not an http(s) URL");
        }
        return new GitHubStoreOptions(apiUrl, parts[0], parts[1], token) { AllowPublicRepo = allowPublicRepo };
    }
}
