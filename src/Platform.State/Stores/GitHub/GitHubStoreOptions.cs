using Platform.Domain.Errors;

namespace Platform.State.Stores.GitHub;

/// <summary>
/// Where and how the GitHub store talks to GitHub. Retries are bounded in count, in each wait and in
/// the total wait for rate limits, so a rate-limited or failing GitHub ends a command with exit 4
/// instead of hanging it; content-creating requests are paced below GitHub's secondary limit.
/// </summary>
public sealed record GitHubStoreOptions(Uri ApiUrl, string Owner, string Repository, string Token)
{
    public static readonly Uri DefaultApiUrl = new("https://api.github.com");

    /// <summary>Publishing billing state or artifacts to a public repository needs this (--allow-public-repo).</summary>
    public bool AllowPublicRepo { get; init; }

    /// <summary>Attempts per request in all, the first included (1 to <see cref="MostAttempts"/>).</summary>
    public int MaxAttempts { get; init; } = 5;

    public const int MostAttempts = 100;

    /// <summary>The longest single wait between attempts after a server error or a network failure (backoff doubles up to it).</summary>
    public TimeSpan MaxRetryWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The most one request waits in all for rate limits: what <c>Retry-After</c> or the rate-limit reset
    /// asks for, and the backoff after a secondary limit that names no wait (at least
    /// <see cref="SecondaryLimitWait"/>, doubling). A wait GitHub asks for beyond it ends the request
    /// with a store error at once, instead of trying again before GitHub allows it.
    /// </summary>
    public TimeSpan MaxRateLimitWait { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>GitHub's advice after a secondary rate limit that says no wait: at least one minute.</summary>
    public static readonly TimeSpan SecondaryLimitWait = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Content-creating requests (POST, PATCH, PUT, DELETE) this client sends in any 60 s, attempts
    /// included; one more waits for the window. GitHub's documented secondary limit is 80 a minute.
    /// </summary>
    public int ContentRequestsPerMinute { get; init; } = 80;

    public const int MostContentRequestsPerMinute = 10_000;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public string RepositoryPath => $"repos/{Owner}/{Repository}";

    /// <summary>These options, once every rule holds (else an <see cref="ArgumentException"/> naming the broken one).</summary>
    public GitHubStoreOptions Validated()
    {
        OptionRules.Require(ApiUrl is { IsAbsoluteUri: true, Scheme: "https" or "http" }, nameof(ApiUrl), ApiUrl, "must be an absolute http(s) URL");
        OptionRules.Require(!string.IsNullOrWhiteSpace(Owner), nameof(Owner), Owner, "must not be empty");
        OptionRules.Require(!string.IsNullOrWhiteSpace(Repository), nameof(Repository), Repository, "must not be empty");
        OptionRules.Require(!string.IsNullOrWhiteSpace(Token), nameof(Token), "(hidden)", "must not be empty");
        OptionRules.Require(MaxAttempts is >= 1 and <= MostAttempts, nameof(MaxAttempts), MaxAttempts, $"must be 1 to {MostAttempts}");
        OptionRules.Positive(MaxRetryWait, nameof(MaxRetryWait));
        OptionRules.Require(MaxRateLimitWait >= SecondaryLimitWait, nameof(MaxRateLimitWait), MaxRateLimitWait,
            $"must be at least {SecondaryLimitWait.TotalSeconds:0} s, the least GitHub asks after a secondary rate limit");
        OptionRules.Require(MaxRateLimitWait <= TimeSpan.FromDays(1), nameof(MaxRateLimitWait), MaxRateLimitWait, "must be at most a day");
        OptionRules.Require(ContentRequestsPerMinute is >= 1 and <= MostContentRequestsPerMinute, nameof(ContentRequestsPerMinute),
            ContentRequestsPerMinute, $"must be 1 to {MostContentRequestsPerMinute}");
        OptionRules.Positive(RequestTimeout, nameof(RequestTimeout));
        OptionRules.Require(RequestTimeout.TotalMilliseconds <= int.MaxValue, nameof(RequestTimeout), RequestTimeout, "must be under 24 days");
        return this;
    }

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
