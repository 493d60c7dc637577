using System.Net;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.GitHub;

/// <summary>The requests the store sends, as GitHub documents them (SPEC 8.5): one ref by name, lists 100 a page.</summary>
public sealed class GitHubRequestShapeTests : IDisposable
{
    private const string Api = "https://github.example/api/repos/acme/platform";

    private readonly ScriptedHandler handler = new();

    private GitHubReleaseStore Store() => new(new GitHubRestClient(
        new GitHubStoreOptions(new Uri("https://github.example/api"), "acme", "platform", "t0ken"), handler, new InstantDelays(refuse: true)));

    [Fact]
    public void A_ref_is_read_alone_by_its_name()
    {
        handler.Answer(HttpStatusCode.OK, """{"ref":"refs/heads/platform-state","object":{"sha":"abc","type":"commit"}}""");
        using var store = Store();

        Assert.Equal(new GitRef("refs/heads/platform-state", "abc"), store.GetRef("refs/heads/platform-state"));

        Assert.Equal($"{Api}/git/ref/heads/platform-state", Assert.Single(handler.Sent).Url);
    }

    [Fact]
    public void A_missing_ref_is_null_after_one_request()
    {
        handler.Answer(HttpStatusCode.NotFound, """{"message":"Not Found"}""");
        using var store = Store();

        Assert.Null(store.GetRef("refs/heads/platform-lease"));

        Assert.Equal($"{Api}/git/ref/heads/platform-lease", Assert.Single(handler.Sent).Url);
    }

    [Fact]
    public void Refs_are_moved_and_deleted_by_name_and_the_move_never_forces()
    {
        handler.Answer(HttpStatusCode.OK, """{"ref":"refs/heads/platform-state","object":{"sha":"def"}}""").Answer(HttpStatusCode.NoContent);
        using var store = Store();

        Assert.True(store.TryFastForwardRef("refs/heads/platform-state", "def"));
        store.DeleteRef("refs/heads/platform-state");

        Assert.Equal((HttpMethod.Patch, $"{Api}/git/refs/heads/platform-state", """{"sha":"def"}"""), (handler.Sent[0].Method, handler.Sent[0].Url, handler.Sent[0].Body));
        Assert.Equal((HttpMethod.Delete, $"{Api}/git/refs/heads/platform-state"), (handler.Sent[1].Method, handler.Sent[1].Url));
    }

    [Fact]
    public void Assets_are_listed_100_a_page_following_the_Link_header()
    {
        var page2 = $"{Api}/releases/7/assets?per_page=100&page=2";
        var first = string.Join(',', Enumerable.Range(1, 100).Select(i => $$"""{"id": {{i}}, "name": "a{{i}}", "size": 1}"""));
        handler.Answer(HttpStatusCode.OK, $"[{first}]", ("Link", $"<{page2}>; rel=\"next\", <{page2}>; rel=\"last\""))
            .Answer(HttpStatusCode.OK, """[{"id": 101, "name": "a101", "size": 1}]""", ("Link", $"<{Api}/releases/7/assets?per_page=100&page=1>; rel=\"prev\""));
        using var store = Store();

        var assets = store.ListAssets(new StoreRelease(7, "billing-state-v1", null));

        Assert.Equal(101, assets.Count);
        Assert.Equal([$"{Api}/releases/7/assets?per_page=100", page2], handler.Sent.Select(s => s.Url));
    }

    [Fact]
    public void A_next_page_on_another_host_is_not_followed_with_the_token()
    {
        handler.Answer(HttpStatusCode.OK, "[]", ("Link", "<https://elsewhere.example/assets?page=2>; rel=\"next\""));
        using var store = Store();

        var error = Assert.Throws<Platform.Domain.Errors.PlatformException>(() => store.ListAssets(new StoreRelease(7, "billing-state-v1", null)));

        Assert.Contains("elsewhere.example", error.Message, StringComparison.Ordinal);
        Assert.Single(handler.Sent);
    }

    public void Dispose() => handler.Dispose();
}
