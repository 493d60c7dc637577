using System.Net;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Leases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.Retries;

/// <summary>The store options refuse values that break their rules, naming the option, before any request.</summary>
public sealed class OptionsRuleTests
{
    private static readonly GitHubStoreOptions GitHub = new(new Uri("https://github.example/api"), "acme", "platform", "t0ken");

    private static void Refused(Func<object> validate, string option) =>
        Assert.StartsWith(option + "=", Assert.Throws<ArgumentException>(validate).Message, StringComparison.Ordinal);

    [Fact]
    public void The_defaults_hold_every_rule()
    {
        new GitRefLeaseOptions().Validated();
        GitHub.Validated();
    }

    [Fact]
    public void A_lease_renewed_no_sooner_than_it_expires_is_refused()
    {
        Refused(() => new GitRefLeaseOptions { TimeToLive = TimeSpan.FromMinutes(5), RenewEvery = TimeSpan.FromMinutes(5) }.Validated(), "RenewEvery");
        Refused(() => new GitRefLeaseOptions { RenewEvery = TimeSpan.Zero }.Validated(), "RenewEvery");
        new GitRefLeaseOptions { RenewEvery = null }.Validated();
    }

    [Fact]
    public void A_lease_needs_a_positive_time_to_live_and_pause_and_a_wait_not_negative()
    {
        Refused(() => new GitRefLeaseOptions { TimeToLive = TimeSpan.Zero, RenewEvery = null }.Validated(), "TimeToLive");
        Refused(() => new GitRefLeaseOptions { MaxPause = TimeSpan.Zero }.Validated(), "MaxPause");
        Refused(() => new GitRefLeaseOptions { Wait = TimeSpan.FromSeconds(-1) }.Validated(), "Wait");
        new GitRefLeaseOptions { Wait = TimeSpan.Zero }.Validated();
    }

    [Fact]
    public void A_lease_ref_must_be_a_branch()
    {
        Refused(() => new GitRefLeaseOptions { RefName = "platform-lease" }.Validated(), "RefName");
        Refused(() => new GitRefLeaseOptions { RefName = "refs/heads/" }.Validated(), "RefName");
    }

    [Fact]
    public void The_lease_refuses_bad_options_when_built()
    {
        using var temp = new TempFolder();
        var store = new Platform.State.Stores.Local.LocalReleaseStore(temp.Combine("store"));

        Assert.Throws<ArgumentException>(() => new GitRefLease(store, TimeProvider.System, new GitRefLeaseOptions { RenewEvery = TimeSpan.FromHours(1) }));
    }

    [Fact]
    public void GitHub_attempts_are_bounded_both_ways()
    {
        Refused(() => (GitHub with { MaxAttempts = 0 }).Validated(), "MaxAttempts");
        Refused(() => (GitHub with { MaxAttempts = GitHubStoreOptions.MostAttempts + 1 }).Validated(), "MaxAttempts");
        (GitHub with { MaxAttempts = 1 }).Validated();
    }

    [Fact]
    public void GitHub_waits_and_timeouts_must_be_positive()
    {
        Refused(() => (GitHub with { MaxRetryWait = TimeSpan.Zero }).Validated(), "MaxRetryWait");
        Refused(() => (GitHub with { RequestTimeout = TimeSpan.Zero }).Validated(), "RequestTimeout");
        Refused(() => (GitHub with { RequestTimeout = TimeSpan.FromDays(30) }).Validated(), "RequestTimeout");
    }

    [Fact]
    public void GitHubs_rate_limit_budget_holds_at_least_the_secondary_limits_minute()
    {
        Refused(() => (GitHub with { MaxRateLimitWait = TimeSpan.FromSeconds(59) }).Validated(), "MaxRateLimitWait");
        Refused(() => (GitHub with { MaxRateLimitWait = TimeSpan.FromDays(2) }).Validated(), "MaxRateLimitWait");
        (GitHub with { MaxRateLimitWait = TimeSpan.FromSeconds(60) }).Validated();
    }

    [Fact]
    public void GitHub_pacing_allows_at_least_one_content_creating_request_a_minute()
    {
        Assert.Equal(80, GitHub.ContentRequestsPerMinute);
        Refused(() => (GitHub with { ContentRequestsPerMinute = 0 }).Validated(), "ContentRequestsPerMinute");
        Refused(() => (GitHub with { ContentRequestsPerMinute = GitHubStoreOptions.MostContentRequestsPerMinute + 1 }).Validated(), "ContentRequestsPerMinute");
    }

    [Fact]
    public void GitHub_needs_an_http_url_an_owner_a_repository_and_a_token_which_is_never_shown()
    {
        Refused(() => (GitHub with { ApiUrl = new Uri("file:///tmp/x") }).Validated(), "ApiUrl");
        Refused(() => (GitHub with { Owner = "" }).Validated(), "Owner");
        Refused(() => (GitHub with { Repository = " " }).Validated(), "Repository");
        Refused(() => (GitHub with { Token = "" }).Validated(), "Token");
        Assert.DoesNotContain("s3cret", Assert.Throws<ArgumentException>(() => (GitHub with { Owner = "", Token = "s3cret" }).Validated()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_client_refuses_bad_options_when_built()
    {
        Assert.Throws<ArgumentException>(() => new GitHubRestClient(GitHub with { MaxAttempts = 0 }, new ScriptedHandler()));
    }

    [Fact]
    public void One_attempt_means_no_retry()
    {
        var handler = new ScriptedHandler().Answer(HttpStatusCode.InternalServerError, """{"message":"boom"}""");
        var delays = new InstantDelays();
        using var client = new GitHubRestClient(GitHub with { MaxAttempts = 1 }, handler, delays);

        Assert.Throws<Platform.Domain.Errors.PlatformException>(() => client.Send(HttpMethod.Get, "repos/acme/platform"));

        Assert.Single(handler.Sent);
        Assert.Empty(delays.Waits);
    }
}
