using System.Net;
using System.Net.Http;
using Platform.Domain.Errors;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.GitHub;

/// <summary>
/// Uploads and the other writes whose repetition matters (SPEC 8.5): an upload GitHub may have acted
/// on is never sent again blindly, it surfaces so the caller looks first; writes that are safe to
/// repeat are repeated, and a repeat that finds its work done counts as done.
/// </summary>
public sealed class GitHubUploadTests : IDisposable
{
    private const string UploadUrl = "https://uploads.example/repos/acme/platform/releases/7/assets?name=a.csv";

    private readonly ScriptedHandler handler = new();
    private readonly InstantDelays delays = new();
    private readonly TempFolder temp = new();

    private static readonly StoreRelease Release = new(7, "billing-state-v1", "https://uploads.example/repos/acme/platform/releases/7/assets{?name,label}");

    private GitHubReleaseStore Store() => new(new GitHubRestClient(
        new GitHubStoreOptions(new Uri("https://github.example/api"), "acme", "platform", "t0ken") { AllowPublicRepo = true }, handler, delays));

    private string File() => temp.Write("a.csv", "x\n");

    [Fact]
    public void An_upload_answered_502_is_not_sent_again()
    {
        handler.Answer(HttpStatusCode.BadGateway, """{"message":"Bad Gateway"}""");
        using var store = Store();

        var error = Assert.Throws<PlatformException>(() => store.UploadAsset(Release, "a.csv", File()));

        Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
        Assert.Contains("look before", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Sent);
        Assert.Empty(delays.Waits);
    }

    [Fact]
    public void An_upload_broken_off_is_not_sent_again()
    {
        handler.Fail(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."));
        using var store = Store();

        var error = Assert.Throws<PlatformException>(() => store.UploadAsset(Release, "a.csv", File()));

        Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
        Assert.Contains("look before", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Sent);
        Assert.DoesNotContain("t0ken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_upload_that_never_connected_or_was_rate_limited_is_sent_again()
    {
        handler.Fail(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"))
            .Answer(HttpStatusCode.TooManyRequests, """{"message":"You have exceeded a secondary rate limit."}""")
            .Answer(HttpStatusCode.Created, """{"id": 9, "name": "a.csv", "size": 2, "state": "uploaded"}""");
        using var store = Store();

        Assert.Equal(9, store.UploadAsset(Release, "a.csv", File()).Id);

        Assert.Equal(3, handler.Sent.Count);
        Assert.All(handler.Sent, s => Assert.Equal((HttpMethod.Post, UploadUrl, "x\n"), (s.Method, s.Url, s.Body)));
        Assert.Equal(TimeSpan.FromSeconds(60), delays.Waits[^1]);
    }

    [Fact]
    public void An_upload_onto_a_taken_name_is_a_conflict()
    {
        handler.Answer(HttpStatusCode.UnprocessableEntity,
            """{"message":"Validation Failed","errors":[{"resource":"ReleaseAsset","code":"already_exists","field":"name"}]}""");
        using var store = Store();

        Assert.Equal(ExitCode.StateConflict, Assert.Throws<PlatformException>(() => store.UploadAsset(Release, "a.csv", File())).ExitCode);
    }

    [Fact]
    public void A_starter_asset_is_listed_as_incomplete()
    {
        handler.Answer(HttpStatusCode.OK, """[{"id": 3, "name": "a.csv", "size": 0, "state": "starter"}, {"id": 4, "name": "b.csv", "size": 2, "state": "uploaded"}]""");
        using var store = Store();

        var listed = store.ListAssets(Release);

        Assert.Equal([false, true], listed.Select(a => a.Complete));
    }

    [Fact]
    public void After_a_502_the_caller_looks_and_replaces_the_starter_left_behind()
    {
        handler.Answer(HttpStatusCode.OK, "[]")
            .Answer(HttpStatusCode.BadGateway)
            .Answer(HttpStatusCode.OK, """[{"id": 3, "name": "a.csv", "size": 0, "state": "starter"}]""")
            .Answer(HttpStatusCode.NoContent)
            .Answer(HttpStatusCode.Created, """{"id": 4, "name": "a.csv", "size": 2, "state": "uploaded"}""");
        using var store = Store();

        var asset = StoreUploads.Ensure(store, Release, "a.csv", File());

        Assert.Equal(4, asset.Id);
        Assert.Equal(["GET", "POST", "GET", "DELETE", "POST"], handler.Sent.Select(s => s.Method.Method));
        Assert.EndsWith("/releases/assets/3", handler.Sent[3].Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Git_objects_are_posted_again_after_a_502_as_they_are_safe_to_repeat()
    {
        handler.Answer(HttpStatusCode.BadGateway).Answer(HttpStatusCode.Created, """{"sha":"tree1"}""")
            .Answer(HttpStatusCode.ServiceUnavailable).Answer(HttpStatusCode.Created, """{"sha":"commit1"}""");
        using var store = Store();

        Assert.Equal("commit1", store.CreateCommit("m", null, new Dictionary<string, string> { ["state.json"] = "{}" }));

        Assert.Equal(4, handler.Sent.Count);
    }

    [Fact]
    public void A_delete_answered_404_after_a_lost_answer_is_done()
    {
        handler.Answer(HttpStatusCode.BadGateway).Answer(HttpStatusCode.NotFound, """{"message":"Not Found"}""")
            .Answer(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
        using var store = Store();

        store.DeleteAsset(Release, new StoreAsset(3, "a.csv", 2));
        Assert.Equal(2, handler.Sent.Count);

        // A first answer of 404 is no lost answer: the asset was never there.
        Assert.Equal(ExitCode.StoreUnavailable, Assert.Throws<PlatformException>(() => store.DeleteAsset(Release, new StoreAsset(3, "a.csv", 2))).ExitCode);
    }

    [Fact]
    public void A_release_created_by_an_attempt_whose_answer_was_lost_is_returned()
    {
        handler.Answer(HttpStatusCode.OK, """{"private": true}""")
            .Answer(HttpStatusCode.BadGateway)
            .Answer(HttpStatusCode.UnprocessableEntity, """{"message":"Validation Failed","errors":[{"resource":"Release","code":"already_exists","field":"tag_name"}]}""")
            .Answer(HttpStatusCode.OK, """{"id": 12, "tag_name": "r-AbCdEf12", "upload_url": "u{?name,label}"}""");
        using var store = new GitHubReleaseStore(new GitHubRestClient(
            new GitHubStoreOptions(new Uri("https://github.example/api"), "acme", "platform", "t0ken"), handler, delays));

        Assert.Equal(12, store.CreateRelease("r-AbCdEf12").Id);
        Assert.EndsWith("/releases/tags/r-AbCdEf12", handler.Sent[^1].Url, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        handler.Dispose();
        temp.Dispose();
    }
}
