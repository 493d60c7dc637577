using System.Net;
using Microsoft.Extensions.Time.Testing;
using Platform.Domain.Errors;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.StandIn;

/// <summary>The faults the stand-in injects, met by the product's GitHub store.</summary>
public sealed class StandInFaultTests : IDisposable
{
    private readonly GitHubStandIn github = GitHubStandIn.Start();
    private readonly TempFolder temp = new();

    [Fact]
    public void A_broken_upload_leaves_a_starter_asset_that_the_store_reports_incomplete()
    {
        using var store = StandInClients.Store(github, o => o with { MaxAttempts = 1 });
        var release = store.CreateRelease("billing-state-v1");
        github.Faults = new StandInFaults { BrokenUploads = FaultOdds.At(1), BrokenUploadKinds = [BrokenUpload.StarterThen502] };

        Assert.Equal(ExitCode.StoreUnavailable, Assert.Throws<PlatformException>(() => store.UploadAsset(release, "a.csv", temp.Write("a.csv", "x,y\n"))).ExitCode);

        var starter = Assert.Single(store.ListAssets(release));
        Assert.Equal(("a.csv", 0L, false), (starter.Name, starter.Size, starter.Complete));
        Assert.Equal(StandInAsset.Starter, Assert.Single(github.Assets("billing-state-v1")).State);
        Assert.Equal(1, github.Traffic.FaultsInjected);
    }

    [Fact]
    public void Looking_before_uploading_replaces_a_starter_asset()
    {
        using var store = StandInClients.Store(github);
        var release = store.CreateRelease("billing-state-v1");
        github.Faults = new StandInFaults { BrokenUploads = FaultOdds.At(1), BrokenUploadKinds = [BrokenUpload.StarterThenDrop] };

        var asset = StoreUploads.Ensure(store, release, "a.csv", temp.Write("a.csv", "x,y\n"));

        Assert.True(asset.Complete);
        Assert.Equal("x,y\n", Assert.Single(github.Assets("billing-state-v1")).Text);
    }

    [Fact]
    public void An_upload_stored_whose_answer_was_lost_is_reused_not_repeated()
    {
        using var store = StandInClients.Store(github);
        var release = store.CreateRelease("billing-state-v1");
        github.Faults = new StandInFaults { BrokenUploads = FaultOdds.At(1), BrokenUploadKinds = [BrokenUpload.StoredThenDrop] };

        var asset = StoreUploads.Ensure(store, release, "a.csv", temp.Write("a.csv", "x,y\n"));

        var stored = Assert.Single(github.Assets("billing-state-v1"));
        Assert.Equal((stored.Id, true, "x,y\n"), (asset.Id, asset.Complete, stored.Text));
    }

    [Fact]
    public void A_secondary_limit_with_Retry_After_is_waited_out_as_asked()
    {
        var delays = new InstantDelays();
        using var store = StandInClients.Store(github, clock: delays);
        github.Faults = new StandInFaults { SecondaryLimits = FaultOdds.At(1), SecondaryLimitRetryAfter = TimeSpan.FromSeconds(7) };

        store.CreateRelease("billing-state-v1");

        Assert.Equal([TimeSpan.FromSeconds(7)], delays.Waits);
        Assert.Single(github.Releases());
        Assert.Equal(2, github.Traffic.ByRoute["POST /repos/{owner}/{repo}/releases"]);
    }

    [Fact]
    public void Server_errors_are_retried_until_an_answer_comes()
    {
        using var store = StandInClients.Store(github);
        github.Faults = new StandInFaults { ServerErrors = FaultOdds.At(1, 2) };

        Assert.Null(store.GetRelease("billing-state-v1"));

        Assert.Equal(2, github.Traffic.FaultsInjected);
    }

    [Fact]
    public async Task More_than_80_content_creating_requests_in_a_minute_meet_the_secondary_limit()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.Parse("2025-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var limited = GitHubStandIn.Start(new GitHubStandInOptions
        {
            Clock = clock,
            Faults = new StandInFaults { ContentCreatingPerMinute = 80, ContentCreatingLimitSendsRetryAfter = true },
        });
        using var http = StandInClients.Http(limited);
        Task<HttpResponseMessage> Post() => http.PostAsync("repos/acme/platform/git/blobs", new StringContent("""{"content":"x"}"""));

        for (var i = 0; i < 80; i++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(500));
            using var created = await Post();
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }
        using var refused = await Post();
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("secondary rate limit", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(21), refused.Headers.RetryAfter?.Delta); // the first left the window at 60.5 s, rounded up

        clock.Advance(TimeSpan.FromSeconds(21));
        using var again = await Post();
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public void The_same_seed_breaks_the_same_uploads()
    {
        static IEnumerable<bool> Run(int seed)
        {
            var faults = new StandInFaults { Seed = seed, BrokenUploads = FaultOdds.Fractionally(0.3) };
            return Enumerable.Range(1, 200).Select(n => faults.BrokenUploads.Hits(faults.Seed, "broken-upload", n)).ToList();
        }

        Assert.Equal(Run(42), Run(42));
        Assert.NotEqual(Run(42), Run(43));
        Assert.InRange(Run(42).Count(hit => hit), 40, 80);
    }

    public void Dispose()
    {
        github.Dispose();
        temp.Dispose();
    }
}
