using Microsoft.Extensions.Time.Testing;
using System.Text.Json.Nodes;
using Platform.Domain.Ids;
using Platform.Orchestration.Artifacts;
using System.Security.Cryptography;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;

namespace Platform.Orchestration.Tests.Artifacts;

public sealed class ArtifactPublisherTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 4, 18, 37, 22, TimeSpan.Zero));
    private readonly LocalReleaseStore store;
    private readonly ArtifactPublisher publisher;
    private readonly ReleaseAssetId releaseId = ReleaseAssetId.Parse("Rel0001A", "release_id");
    private readonly TenantId tenant = TenantId.Parse("abc123", "tenant_id");

    public ArtifactPublisherTests()
    {
        store = new LocalReleaseStore(temp.Combine("store"));
        publisher = new ArtifactPublisher(store, clock);
        temp.Write("out/summary.txt", "hello\n");
        temp.Write("out/data/table.csv", "a,b\n");
    }

    private static Platform.Files.Tables.RowView Asset(IReadOnlyList<string> fields) => new(Platform.State.Tables.BillingTables.AssetsMap, fields, 0);

    private PublishedArtifacts Publish() =>
        publisher.Publish(releaseId, tenant, null, temp.Combine("out"), ["summary.txt", "data/table.csv"], _ => false);

    [Fact]
    public void Outputs_and_their_manifest_go_to_a_release_named_by_the_internal_id_only()
    {
        var published = Publish();

        Assert.Equal("r-Rel0001A", published.Tag);
        var release = store.GetRelease("r-Rel0001A")!;
        var assets = store.ListAssets(release);
        Assert.Equal(["summary.txt", "data--table.csv", "manifest.json"], assets.Select(a => a.Name));
        store.DownloadAsset(release, assets[2], temp.Combine("manifest.json"));
        var files = JsonNode.Parse(File.ReadAllText(temp.Combine("manifest.json")))!["files"]!.AsArray();
        Assert.Equal(("summary.txt", 6L), (files[0]!["name"]!.GetValue<string>(), files[0]!["size_bytes"]!.GetValue<long>()));
        Assert.Equal(64, files[0]!["sha256"]!.GetValue<string>().Length);

        Assert.Equal(["Rel0001A", release.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "r-Rel0001A", "abc123", "", "2026-01-04T18:37:22Z"], published.ReleaseRow);
        Assert.Equal(assets.Select(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), published.AssetRows.Select(r => Asset(r)["github_asset_id"]));
        Assert.All(published.AssetRows, r => Assert.True(Base62.IsValid(IdKind.ReleaseAsset, Asset(r)["asset_id"])));
    }

    [Fact]
    public void Publishing_the_same_release_again_uploads_nothing_twice()
    {
        var first = Publish();
        var second = Publish();

        Assert.Equal(3, store.ListAssets(store.GetRelease(first.Tag)!).Count);
        Assert.Equal(first.AssetRows.Select(r => Asset(r)["github_asset_id"]), second.AssetRows.Select(r => Asset(r)["github_asset_id"]));
    }

    [Fact]
    public void Uploads_broken_off_or_whose_answer_was_lost_leave_exactly_the_manifest_s_bytes_and_no_starter()
    {
        var flaky = new FlakyReleaseStore(temp.Combine("flaky"));
        foreach (var broken in new[] { UploadBreak.Starter, UploadBreak.LostAnswer, UploadBreak.Starter, UploadBreak.LostAnswer, UploadBreak.Refused })
        {
            flaky.Breaks.Enqueue(broken);
        }

        var published = new ArtifactPublisher(flaky, clock).Publish(releaseId, tenant, null, temp.Combine("out"), ["summary.txt", "data/table.csv"], _ => false);

        var assets = AssertHoldsWhatItsManifestNames(flaky, published.Tag, ["summary.txt", "data--table.csv"]);
        Assert.Equal(6, flaky.Uploads);
        Assert.Equal(assets.Select(a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), published.AssetRows.Select(r => Asset(r)["github_asset_id"]));
    }

    [Fact]
    public void A_retry_with_other_outputs_replaces_assets_of_the_same_size_and_other_bytes_and_drops_the_rest()
    {
        var first = Publish();
        var before = store.ListAssets(store.GetRelease(first.Tag)!);
        temp.Write("out/summary.txt", "HELLO\n");

        publisher.Publish(releaseId, tenant, null, temp.Combine("out"), ["summary.txt"], _ => false);

        var after = AssertHoldsWhatItsManifestNames(store, first.Tag, ["summary.txt"]);
        Assert.DoesNotContain(after, a => before.Any(b => b.Id == a.Id));
    }

    /// <summary>The release's assets: the outputs named, then manifest.json; each complete and holding the bytes the manifest names.</summary>
    private List<StoreAsset> AssertHoldsWhatItsManifestNames(IReleaseStore releases, string tag, string[] outputs)
    {
        var release = releases.GetRelease(tag)!;
        var assets = releases.ListAssets(release).ToList();
        Assert.Equal([.. outputs, ArtifactPublisher.ManifestName], assets.Select(a => a.Name));
        Assert.All(assets, a => Assert.True(a.Complete, a.Name));
        var manifest = JsonNode.Parse(File.ReadAllText(Download(releases, release, assets[^1])))!["files"]!.AsArray();
        Assert.Equal(outputs, manifest.Select(f => f!["name"]!.GetValue<string>()));
        foreach (var (asset, named) in assets.Zip(manifest))
        {
            var bytes = File.ReadAllBytes(Download(releases, release, asset));
            Assert.Equal(named!["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
            Assert.Equal(named["size_bytes"]!.GetValue<long>(), bytes.Length);
        }
        return assets;
    }

    private string Download(IReleaseStore releases, StoreRelease release, StoreAsset asset)
    {
        var path = temp.Combine("downloads", asset.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        releases.DownloadAsset(release, asset, path);
        return path;
    }

    public void Dispose() => temp.Dispose();
}
