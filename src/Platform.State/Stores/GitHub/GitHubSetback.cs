using System.Globalization;

namespace Platform.State.Stores.GitHub;

/// <summary>What kept one attempt from getting through, as far as trying again is concerned.</summary>
public enum GitHubSetbackKind
{
    /// <summary>An answer to keep: a success, or a refusal that another attempt would not change.</summary>
    None,

    /// <summary>A 5xx: the request reached GitHub, which may have acted on it.</summary>
    ServerError,

    /// <summary>No connection was made (name lookup, connect, TLS): nothing was sent.</summary>
    Unreachable,

    /// <summary>The exchange broke off or timed out after the request may have gone out.</summary>
    BrokenOff,

    /// <summary>A primary or secondary rate limit (403 or 429): GitHub refused the request without acting on it.</summary>
    RateLimited,
}

/// <summary>
/// One attempt's setback and the wait GitHub asked for with it, if any (<c>Retry-After</c>, or the
/// <c>x-ratelimit-reset</c> time when <c>x-ratelimit-remaining</c> is 0), read the way GitHub documents them.
/// </summary>
public readonly record struct GitHubSetback(GitHubSetbackKind Kind, TimeSpan? AskedWait = null)
{
    public static readonly GitHubSetback None = new(GitHubSetbackKind.None);

    /// <summary>GitHub's error answers are a line or two of JSON; a longer one is no rate-limit message.</summary>
    private const int MaxMessageBytes = 64 * 1024;

    /// <summary>Reads an attempt's outcome: its answer, or the exception that stood for one.</summary>
    public static GitHubSetback Of(HttpResponseMessage? response, Exception? failure, DateTimeOffset now) => failure switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }
            => new(GitHubSetbackKind.Unreachable),
        HttpRequestException or IOException or TaskCanceledException => new(GitHubSetbackKind.BrokenOff),
        not null => None,
        _ => response is null ? None : OfAnswer(response, now),
    };

    /// <summary>Whether a final 403/429 answer is a rate limit, by its status or GitHub's message.</summary>
    public static bool IsRateLimit(System.Net.HttpStatusCode status, string message) =>
        (int)status == 429 || ((int)status == 403 && message.Contains("rate limit", StringComparison.OrdinalIgnoreCase));

    private static GitHubSetback OfAnswer(HttpResponseMessage response, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var asked = WaitAskedBy(response, now);
        if (status >= 500)
        {
            return new(GitHubSetbackKind.ServerError, asked);
        }
        // GitHub answers a secondary limit with 403 or 429, often without any header saying how long to
        // wait; a 403 is also a plain "no permission", told apart by its headers or its message.
        if (status == 429 || (status == 403 && (asked is not null || Header(response, "x-ratelimit-remaining") == "0" || MentionsRateLimit(response))))
        {
            return new(GitHubSetbackKind.RateLimited, asked);
        }
        return None;
    }

    /// <summary>The wait GitHub asks for: Retry-After, else the rate-limit reset when none is left; null when it says nothing.</summary>
    private static TimeSpan? WaitAskedBy(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.RetryAfter is { } retryAfter && (retryAfter.Delta ?? (retryAfter.Date - now)) is { } wait)
        {
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        if (Header(response, "x-ratelimit-remaining") == "0" &&
            long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset) &&
            reset < 253_402_300_800) // year 10000: beyond it is no time DateTimeOffset holds
        {
            var untilReset = DateTimeOffset.FromUnixTimeSeconds(reset) - now;
            return untilReset < TimeSpan.Zero ? TimeSpan.Zero : untilReset;
        }
        return null;
    }

    /// <summary>Whether a 403's message says rate limit ("API rate limit exceeded", "You have exceeded a secondary rate limit").</summary>
    private static bool MentionsRateLimit(HttpResponseMessage response)
    {
        try
        {
            // Buffered, so the caller can still read the answer when it is not retried.
            response.Content.LoadIntoBufferAsync(MaxMessageBytes).GetAwaiter().GetResult();
            return response.Content.ReadAsStringAsync().GetAwaiter().GetResult().Contains("rate limit", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return false; // an answer too long or broken off: the caller's read says so
        }
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
