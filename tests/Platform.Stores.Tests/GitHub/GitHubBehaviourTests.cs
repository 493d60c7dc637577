using System.Net;
using Platform.Domain.Errors;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.GitHub;

/// <summary>How the GitHub store retries, refuses and guards, on scripted answers.</summary>
public sealed class GitHubBehaviourTests : IDisposable
{
    private readonly ScriptedHandler handler = new();
    private readonly InstantDelays delays = new();
    private readonly TempFolder temp = new();

    private GitHubReleaseStore Store(bool allowPublicRepo = false) =>
        new(new GitHubRestClient(
            new GitHubStoreOptions(new Uri("https://github.example/api"), "acme", "platform", "t0ken") { AllowPublicRepo = allowPublicRepo, MaxRetryWait = TimeSpan.FromSeconds(30) },
            handler, delays));

    private static readonly StoreRelease Release = new(7, "billing-state-v1", "https://uploads.example/repos/acme/platform/releases/7/assets{?name,label}");

    [Fact]
    public void Server_errors_are_retried_with_growing_bounded_waits()
    {
        handler.Answer(HttpStatusCode.BadGateway).Answer(HttpStatusCode.ServiceUnavailable)
            .Answer(HttpStatusCode.OK, """{"id": 7, "tag_name": "billing-state-v1", "upload_url": "u"}""");
        using var store = Store();

        Assert.Equal(7, store.GetRelease("billing-state-v1")?.Id);
        Assert.Equal(2, delays.Waits.Count);
        Assert.True(delays.Waits[0] < delays.Waits[1] && delays.Waits[1] <= TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Retries_end_in_a_store_error_after_the_bounded_attempts()
    {
        for (var i = 0; i < 5; i++)
        {
            handler.Answer(HttpStatusCode.InternalServerError, """{"message":"boom"}""");
        }
        using var store = Store();

        var error = Assert.Throws<PlatformException>(() => store.ListAssets(Release));

        Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
        Assert.Equal(5, handler.Sent.Count);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "GH_TOKEN")]
    [InlineData(HttpStatusCode.Forbidden, "permission")]
    [InlineData(HttpStatusCode.NotFound, "acme/platform exists")]
    public void Refusals_are_one_line_store_errors_without_retry(HttpStatusCode status, string hint)
    {
        handler.Answer(status, """{"message":"nope"}""");
        using var store = Store();

        var error = Assert.Throws<PlatformException>(() => store.ListAssets(Release));

        Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
        Assert.Contains(hint, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("t0ken", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Sent);
        Assert.Empty(delays.Waits);
    }

    [Fact]
    public void A_missing_release_is_null_only_when_the_repository_is_there()
    {
        handler.Answer(HttpStatusCode.NotFound, """{"message":"Not Found"}""").Answer(HttpStatusCode.OK, """{"private": true}""")
            .Answer(HttpStatusCode.NotFound, """{"message":"Not Found"}""").Answer(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
        using var store = Store();

        Assert.Null(store.GetRelease("billing-state-v1"));
        Assert.Equal(ExitCode.StoreUnavailable, Assert.Throws<PlatformException>(() => store.GetRelease("billing-state-v1")).ExitCode);
    }

    [Fact]
    public void Publishing_to_a_public_repository_is_refused_unless_allowed()
    {
        var file = temp.Write("a.csv", "x\n");
        handler.Answer(HttpStatusCode.OK, """{"private": false}""");
        using (var store = Store())
        {
            var error = Assert.Throws<PlatformException>(() => store.UploadAsset(Release, "a.csv", file));
            Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
            Assert.Contains("--allow-public-repo", error.Message, StringComparison.Ordinal);
            Assert.Throws<PlatformException>(() => store.CreateRelease("r-AbCdEf12"));
        }
        Assert.Single(handler.Sent); // the visibility was asked once, and nothing was uploaded

        handler.Answer(HttpStatusCode.Created, """{"id": 9, "name": "a.csv", "size": 2}""");
        using var allowed = Store(allowPublicRepo: true);
        Assert.Equal(9, allowed.UploadAsset(Release, "a.csv", file).Id);
        Assert.Equal("https://uploads.example/repos/acme/platform/releases/7/assets?name=a.csv", handler.Sent[^1].Url);
    }

    [Fact]
    public void Download_asks_for_the_bytes_and_writes_them_whole()
    {
        handler.Answer(HttpStatusCode.OK, "a,b\n1,2\n");
        using var store = Store();
        var target = temp.Combine("out", "a.csv");

        store.DownloadAsset(Release, new StoreAsset(11, "a.csv", 8), target);

        Assert.Equal("a,b\n1,2\n", File.ReadAllText(target));
        Assert.Equal(("https://github.example/api/repos/acme/platform/releases/assets/11", "application/octet-stream"), (handler.Sent[0].Url, handler.Sent[0].Accept));
    }

    [Fact]
    public void A_created_release_never_becomes_the_latest_one()
    {
        handler.Answer(HttpStatusCode.OK, """{"private": true}""")
            .Answer(HttpStatusCode.Created, """{"id": 12, "tag_name": "billing-state-v1", "upload_url": "u{?name,label}"}""");
        using var store = Store();

        Assert.Equal(12, store.CreateRelease("billing-state-v1").Id);
        Assert.Contains("\"make_latest\":\"false\"", handler.Sent[^1].Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_gives_token_repository_and_api_url()
    {
        var env = new Dictionary<string, string?> { ["GITHUB_TOKEN"] = "b", ["GH_TOKEN"] = "a", ["GITHUB_REPOSITORY"] = "acme/platform" };

        var options = GitHubStoreOptions.FromEnvironment(env.GetValueOrDefault, allowPublicRepo: false);

        Assert.Equal(("a", "acme", "platform", GitHubStoreOptions.DefaultApiUrl), (options.Token, options.Owner, options.Repository, options.ApiUrl));
        env.Remove("GITHUB_REPOSITORY");
        Assert.Equal(ExitCode.StoreUnavailable, Assert.Throws<PlatformException>(() => GitHubStoreOptions.FromEnvironment(env.GetValueOrDefault, false)).ExitCode);
    }

    public void Dispose()
    {
        handler.Dispose();
        temp.Dispose();
    }
}
