using Microsoft.Extensions.Time.Testing;
using System.Text.Json.Nodes;
using Platform.Domain.Ids;
using Platform.Orchestration.Artifacts;
using Platform.State.Stores.Local;

namespace Platform.Orchestration.Tests.Artifacts;

public sealed class ArtifactPublisherTests : IDisposable
{
    private readonly TempFolder temp = new();
    private readonly LocalReleaseStore store;
    private readonly ArtifactPublisher publisher;
    private readonly ReleaseAssetId releaseId = ReleaseAssetId.Parse("Rel0001A", "release_id");
    private readonly TenantId tenant = TenantId.Parse("abc123", "tenant_id");

    public ArtifactPublisherTests()
    {
        store = new LocalReleaseStore(temp.Combine("store"));
        publisher = new ArtifactPublisher(store, new FakeTimeProvider(new DateTimeOffset(2026, 1, 4, 18, 37, 22, TimeSpan.Zero)));
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

    public void Dispose() => temp.Dispose();
}
