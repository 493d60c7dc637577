using Platform.Domain.Errors;
using Platform.State.Stores.Releases;

namespace Platform.Stores.Tests.StandIn;

/// <summary>Releases and their assets through the product's GitHub store, on the stand-in.</summary>
public sealed class StandInReleaseTests : IDisposable
{
    private readonly GitHubStandIn github = GitHubStandIn.Start();
    private readonly TempFolder temp = new();

    [Fact]
    public void A_created_release_is_found_by_its_tag_and_brings_its_tag_ref()
    {
        using var store = StandInClients.Store(github);

        var created = store.CreateRelease("billing-state-v1");

        Assert.Equal(created, store.GetRelease("billing-state-v1"));
        Assert.Equal($"{github.BaseUrl.AbsoluteUri}uploads/repos/acme/platform/releases/{created.Id}/assets{{?name,label}}", created.UploadUrl);
        Assert.Equal(github.RefSha("refs/heads/main"), github.RefSha("refs/tags/billing-state-v1"));
        Assert.Null(store.GetRelease("r-AbCdEf12"));
        Assert.Equal(ExitCode.StateConflict, Assert.Throws<PlatformException>(() => store.CreateRelease("billing-state-v1")).ExitCode);
    }

    [Fact]
    public void An_uploaded_asset_downloads_through_the_redirect_byte_for_byte()
    {
        using var store = StandInClients.Store(github);
        var release = store.CreateRelease("module-cache-v1");
        var bytes = new byte[3 * 1024 * 1024 + 17];
        new Random(7).NextBytes(bytes);
        var source = temp.Combine("cache.tar");
        File.WriteAllBytes(source, bytes);

        var asset = store.UploadAsset(release, "cache.tar", source);
        var target = temp.Combine("out", "cache.tar");
        store.DownloadAsset(release, asset, target);

        Assert.Equal(bytes, File.ReadAllBytes(target));
        Assert.Equal((bytes.Length, true), (asset.Size, asset.Complete));
        var stored = Assert.Single(github.Assets("module-cache-v1"));
        Assert.True(stored.Content.Span.SequenceEqual(bytes));
        Assert.Equal(1, github.Traffic.ByRoute.GetValueOrDefault("GET /downloads/{asset_id}/{name}"));
    }

    [Fact]
    public void Listing_follows_the_pages_over_more_than_a_hundred_assets()
    {
        var release = github.SeedRelease("billing-state-v1");
        for (var i = 0; i < 250; i++)
        {
            github.SeedAsset("billing-state-v1", $"segment-{i:D3}.csv", $"row {i}\n");
        }
        using var store = StandInClients.Store(github);

        var listed = store.ListAssets(new StoreRelease(release.Id, release.Tag));

        Assert.Equal(github.Assets("billing-state-v1").Select(a => (a.Id, a.Name)), listed.Select(a => (a.Id, a.Name)));
        var pages = github.Traffic.ByRoute["GET /repos/{owner}/{repo}/releases/{release_id}/assets"];
        Assert.InRange(pages, 3, 9); // 3 at per_page=100, 9 at GitHub's default of 30
    }

    [Fact]
    public void A_rename_onto_a_taken_name_is_a_conflict_and_changes_nothing()
    {
        using var store = StandInClients.Store(github);
        var release = store.CreateRelease("billing-state-v1");
        var a = store.UploadAsset(release, "a.csv", temp.Write("a.csv", "a\n"));
        store.UploadAsset(release, "b.csv", temp.Write("b.csv", "b\n"));

        var refused = Assert.Throws<PlatformException>(() => store.RenameAsset(release, a, "b.csv"));

        Assert.Equal(ExitCode.StateConflict, refused.ExitCode);
        Assert.Equal(["a.csv", "b.csv"], github.Assets("billing-state-v1").Select(x => x.Name));
        var renamed = store.RenameAsset(release, a, "c.csv", "label");
        Assert.Equal((a.Id, "c.csv", "label"), (renamed.Id, renamed.Name, renamed.Label));
    }

    [Fact]
    public void Asset_ids_grow_across_releases_and_a_deleted_asset_is_gone()
    {
        using var store = StandInClients.Store(github);
        var first = store.CreateRelease("one");
        var second = store.CreateRelease("two");
        var file = temp.Write("x.txt", "x");

        var a = store.UploadAsset(first, "x.txt", file);
        var b = store.UploadAsset(second, "x.txt", file);
        store.DeleteAsset(first, a);
        var c = store.UploadAsset(first, "x.txt", file);

        Assert.True(a.Id < b.Id && b.Id < c.Id);
        Assert.Null(store.GetAsset(first, a.Id));
        Assert.Equal(ExitCode.StoreUnavailable, Assert.Throws<PlatformException>(() => store.DeleteAsset(first, a)).ExitCode);
    }

    [Fact]
    public void A_release_holds_at_most_a_thousand_assets()
    {
        var release = github.SeedRelease("module-cache-v1");
        for (var i = 0; i < 999; i++)
        {
            github.SeedAsset("module-cache-v1", $"cache-{i:D4}", "c");
        }
        using var store = StandInClients.Store(github);
        var file = temp.Write("last", "c");
        var handle = new StoreRelease(release.Id, release.Tag, store.GetRelease("module-cache-v1")!.UploadUrl);

        store.UploadAsset(handle, "cache-0999", file);
        var refused = Assert.Throws<PlatformException>(() => store.UploadAsset(handle, "cache-1000", file));

        Assert.Equal(ExitCode.StoreUnavailable, refused.ExitCode);
        Assert.Contains("file_count limited to 1000 assets", refused.Message, StringComparison.Ordinal);
        Assert.Equal(1000, github.Assets("module-cache-v1").Count);
    }

    [Fact]
    public void A_public_repository_is_refused_unless_allowed()
    {
        github.Private = false;
        using var store = StandInClients.Store(github);

        Assert.True(store.FetchIsPublic());
        Assert.Contains("--allow-public-repo", Assert.Throws<PlatformException>(() => store.CreateRelease("billing-state-v1")).Message, StringComparison.Ordinal);
        Assert.Empty(github.Releases());
    }

    public void Dispose()
    {
        github.Dispose();
        temp.Dispose();
    }
}
