using Platform.State.Stores.GitHub;
using Platform.State.Stores.Releases;

namespace Platform.Stores.Tests.GitHub;

/// <summary>Asset downloads as GitHub serves them: a 302 from the API to a storage host, on real loopback sockets.</summary>
public sealed class GitHubDownloadTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Fact]
    public void A_download_follows_GitHubs_redirect_without_sending_the_token_there()
    {
        using var storage = new LoopbackHttp(_ => LoopbackHttp.Answer(200, "OK", "a,b\n1,2\n", "Content-Type: application/octet-stream"));
        var signed = new Uri(storage.Url, "github-production-release-asset/11?X-Amz-Signature=abc");
        using var api = new LoopbackHttp(_ => LoopbackHttp.Answer(302, "Found", "", $"Location: {signed}"));
        using var store = new GitHubReleaseStore(new GitHubRestClient(
            new GitHubStoreOptions(api.Url, "acme", "platform", "t0ken"), clock: new Support.InstantDelays(refuse: true)));
        var target = temp.Combine("a.csv");

        store.DownloadAsset(new StoreRelease(7, "billing-state-v1", null), new StoreAsset(11, "a.csv", 8), target);

        Assert.Equal("a,b\n1,2\n", File.ReadAllText(target));
        var asked = Assert.Single(api.Requests);
        Assert.StartsWith("GET /repos/acme/platform/releases/assets/11 ", asked, StringComparison.Ordinal);
        Assert.Contains("Authorization: token t0ken", asked, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Accept: application/octet-stream", asked, StringComparison.OrdinalIgnoreCase);
        var fetched = Assert.Single(storage.Requests);
        Assert.StartsWith("GET /github-production-release-asset/11?X-Amz-Signature=abc ", fetched, StringComparison.Ordinal);
        Assert.DoesNotContain("Authorization", fetched, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("t0ken", fetched, StringComparison.Ordinal);
    }

    public void Dispose() => temp.Dispose();
}
