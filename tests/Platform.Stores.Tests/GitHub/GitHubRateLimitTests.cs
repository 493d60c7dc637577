using System.Net;
using Platform.Domain.Errors;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.GitHub;

/// <summary>Rate limits as GitHub documents them (SPEC 8.5), on scripted answers and a clock that never sleeps.</summary>
public sealed class GitHubRateLimitTests : IDisposable
{
    private const string Secondary = """{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again."}""";

    private readonly ScriptedHandler handler = new();
    private readonly InstantDelays delays = new();

    private static readonly StoreRelease Release = new(7, "billing-state-v1", null);

    private static readonly GitHubStoreOptions Options = new(new Uri("https://github.example/api"), "acme", "platform", "t0ken");

    private GitHubReleaseStore Store(GitHubStoreOptions? options = null) => new(new GitHubRestClient(options ?? Options, handler, delays));

    private static TimeSpan Seconds(double s) => TimeSpan.FromSeconds(s);

    [Fact]
    public void A_secondary_limit_without_headers_waits_a_minute_then_doubles()
    {
        handler.Answer(3, HttpStatusCode.TooManyRequests, Secondary).Answer(HttpStatusCode.OK, "[]");
        using var store = Store();

        Assert.Empty(store.ListAssets(Release));

        Assert.Equal([Seconds(60), Seconds(120), Seconds(240)], delays.Waits);
    }

    [Fact]
    public void A_403_that_says_secondary_rate_limit_is_waited_out_like_a_429()
    {
        handler.Answer(HttpStatusCode.Forbidden, Secondary).Answer(HttpStatusCode.OK, "[]");
        using var store = Store();

        Assert.Empty(store.ListAssets(Release));

        Assert.Equal([Seconds(60)], delays.Waits);
    }

    [Fact]
    public void A_short_retry_wait_cap_never_cuts_the_secondary_limits_minute()
    {
        handler.Answer(HttpStatusCode.TooManyRequests, "{}").Answer(HttpStatusCode.OK, "[]");
        using var store = Store(Options with { MaxRetryWait = Seconds(1) });

        store.ListAssets(Release);

        Assert.Equal([Seconds(60)], delays.Waits);
    }

    [Fact]
    public void Secondary_limit_waits_stay_within_the_total_budget_then_end_in_a_store_error()
    {
        handler.Answer(10, HttpStatusCode.TooManyRequests, Secondary);
        using var store = Store(Options with { MaxAttempts = 10, MaxRateLimitWait = TimeSpan.FromMinutes(5) });

        var error = Assert.Throws<PlatformException>(() => store.ListAssets(Release));

        // 60 + 120, then the 120 s left of the 5 minutes; under a minute left is no wait worth making.
        Assert.Equal([Seconds(60), Seconds(120), Seconds(120)], delays.Waits);
        Assert.Equal(4, handler.Sent.Count);
        Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
        Assert.Contains("kept rate-limiting", error.Message, StringComparison.Ordinal);
        Assert.Contains("300 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Secondary_limit_waits_are_bounded_by_the_attempts_too()
    {
        handler.Answer(5, HttpStatusCode.TooManyRequests, Secondary);
        using var store = Store();

        Assert.Throws<PlatformException>(() => store.ListAssets(Release));

        Assert.Equal([Seconds(60), Seconds(120), Seconds(240), Seconds(480)], delays.Waits);
        Assert.Equal(5, handler.Sent.Count);
    }

    [Fact]
    public void The_rate_limit_reset_is_waited_for_when_none_is_left()
    {
        delays.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - delays.GetUtcNow().Ticks % TimeSpan.TicksPerSecond)); // on a whole second
        var reset = (delays.GetUtcNow() + TimeSpan.FromMinutes(2)).ToUnixTimeSeconds();
        handler.Answer(HttpStatusCode.Forbidden, """{"message":"API rate limit exceeded for installation ID 1."}""",
                ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Answer(HttpStatusCode.OK, "[]");
        using var store = Store();

        store.ListAssets(Release);

        Assert.Equal([TimeSpan.FromMinutes(2)], delays.Waits);
    }

    [Fact]
    public void Retry_After_is_waited_in_full_even_below_the_secondary_minute()
    {
        handler.Answer(HttpStatusCode.TooManyRequests, Secondary, ("Retry-After", "2"))
            .Answer(HttpStatusCode.Forbidden, """{"message":"nope"}""", ("Retry-After", "90"))
            .Answer(HttpStatusCode.OK, "[]");
        using var store = Store(Options with { MaxRetryWait = Seconds(30) });

        store.ListAssets(Release);

        Assert.Equal([Seconds(2), Seconds(90)], delays.Waits);
    }

    [Fact]
    public void A_wait_GitHub_asks_beyond_the_budget_ends_the_request_at_once()
    {
        handler.Answer(HttpStatusCode.TooManyRequests, """{"message":"slow down"}""", ("Retry-After", "3600"));
        using var store = Store();

        var error = Assert.Throws<PlatformException>(() => store.ListAssets(Release));

        Assert.Empty(delays.Waits); // an early retry would only be refused again
        Assert.Single(handler.Sent);
        Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
        Assert.Contains("3600 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("900 s", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_403_that_is_no_rate_limit_is_refused_at_once()
    {
        handler.Answer(HttpStatusCode.Forbidden, """{"message":"Resource not accessible by integration"}""");
        using var store = Store();

        var error = Assert.Throws<PlatformException>(() => store.ListAssets(Release));

        Assert.Empty(delays.Waits);
        Assert.Contains("Resource not accessible by integration", error.Message, StringComparison.Ordinal);
        Assert.Contains("permission", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => handler.Dispose();
}
