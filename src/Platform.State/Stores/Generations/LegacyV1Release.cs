using Platform.Domain.Errors;
using Platform.State.Manifest;
using Platform.State.Stores.Releases;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Stores.Generations;

/// <summary>
/// Billing state in the v1 layout of release <c>billing-state-v1</c>: plain-named assets and
/// <c>state_manifest.json</c>, as the Python platform and earlier versions of this one wrote them
/// (SPEC 8.4). Read as it is until the first write adopts it; then its assets are renamed
/// <c>legacy-v1.&lt;name&gt;</c> so no tool reads them as current.
/// </summary>
internal sealed class LegacyV1Release(IReleaseStore store, StoreRelease release)
{
    public const string RetiredPrefix = "legacy-v1.";

    private static readonly string ManifestName = BillingTables.ManifestFileName;

    private static IEnumerable<string> StateNames => BillingTables.All.Select(t => t.FileName).Append(ManifestName);

    /// <summary>The release's assets once a v1 publish that died midway is finished or undone.</summary>
    public IReadOnlyList<StoreAsset> Assets() => FinishInterruptedPublish(store.ListAssets(release));

    public static bool HoldsState(IReadOnlyList<StoreAsset> assets) => assets.Any(a => a.Name == ManifestName);

    /// <summary>
    /// Downloads the manifest and every table it lists into the folder, each checked against its sha256,
    /// in one local commit; returns the generation. Hashes that disagree are an error (exit 2), never a reset.
    /// </summary>
    public long Hydrate(StateDirectory directory, IReadOnlyList<StoreAsset> assets)
    {
        directory.BeginCommit();
        try
        {
            var manifestPath = directory.PendingPathOf(ManifestName);
            store.DownloadAsset(release, Find(assets, ManifestName)!, manifestPath);
            var manifest = StateManifest.Read(manifestPath);
            var violations = new List<Violation>();
            foreach (var name in BillingTables.All.Select(t => t.FileName))
            {
                var expected = manifest.HashOf(name);
                var asset = Find(assets, name);
                if (expected is null)
                {
                    violations.Add(new Violation(ManifestName, null, "assets", name, $"lists no sha256 for this asset of release {release.Tag}"));
                    continue;
                }
                if (asset is null)
                {
                    violations.Add(new Violation(name, null, null, null, $"is missing from release {release.Tag} of the {store.Name} store, though its manifest lists it"));
                    continue;
                }
                var pending = directory.PendingPathOf(name);
                store.DownloadAsset(release, asset, pending);
                var actual = ObjectCache.HashOf(pending);
                if (actual != expected.ToLowerInvariant())
                {
                    violations.Add(new Violation(name, null, "sha256", actual, $"of the asset in release {release.Tag} differs from its manifest's {expected}"));
                }
            }
            if (violations.Count > 0)
            {
                throw PlatformException.BadInput(violations);
            }
            directory.Commit([.. StateNames]);
            return manifest.Generation;
        }
        catch
        {
            directory.Discard();
            throw;
        }
    }

    /// <summary>
    /// A release without a manifest may hold what a v1 bootstrap uploaded before it died: assets that
    /// are byte for byte their templates, which do no harm. Any other state asset is billing data
    /// without a manifest: an error, never something to start over on.
    /// </summary>
    public void RefuseDataWithoutManifest(IReadOnlyList<StoreAsset> assets, BootstrapTemplates templates)
    {
        var data = new List<string>();
        foreach (var asset in assets.Where(a => BillingTables.Find(a.Name) is not null))
        {
            var temp = Path.Combine(Path.GetTempPath(), $"platform-asset-{Guid.NewGuid():N}");
            try
            {
                store.DownloadAsset(release, asset, temp);
                if (!File.ReadAllBytes(temp).AsSpan().SequenceEqual(templates.Read(BillingTables.Find(asset.Name)!)))
                {
                    data.Add(asset.Name);
                }
            }
            finally
            {
                File.Delete(temp);
            }
        }
        if (data.Count > 0)
        {
            throw PlatformException.BadInput(new Violation(ManifestName, null, null, null,
                $"is missing from release {release.Tag} of the {store.Name} store, which holds billing data in {string.Join(", ", data)}: refusing to bootstrap over existing billing state"));
        }
    }

    /// <summary>The generation of the v1 manifest in the release; -1 when there is none.</summary>
    public long Generation(IReadOnlyList<StoreAsset> assets)
    {
        if (Find(assets, ManifestName) is not { } asset)
        {
            return -1;
        }
        var temp = Path.Combine(Path.GetTempPath(), $"platform-manifest-{Guid.NewGuid():N}.json");
        try
        {
            store.DownloadAsset(release, asset, temp);
            return StateManifest.Read(temp).Generation;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Once a v2 generation is current, renames the v1 manifest <c>legacy-v1.state_manifest.json</c>:
    /// without it no v1 reader takes the plain tables for current state, and the adopting transaction
    /// stays at one content-creating request more. The plain tables stay until <c>state gc</c> lists
    /// them (they are then only the adopted generation's source). Idempotent.
    /// </summary>
    public void Retire()
    {
        var assets = store.ListAssets(release);
        if (Find(assets, ManifestName) is not { } manifest)
        {
            return;
        }
        if (Find(assets, RetiredPrefix + ManifestName) is { } older)
        {
            store.DeleteAsset(release, older);
        }
        store.RenameAsset(release, manifest, RetiredPrefix + ManifestName);
    }

    /// <summary>
    /// Finishes or undoes a v1 publish that died midway, from what its temporary names show: assets
    /// were swapped before the manifest, so while the manifest has not stepped aside the publish never
    /// happened and every <c>previous.</c> copy is rolled back; once it has, a pending manifest is
    /// rolled forward. Then the temporaries go.
    /// </summary>
    private IReadOnlyList<StoreAsset> FinishInterruptedPublish(IReadOnlyList<StoreAsset> assets)
    {
        if (!assets.Any(a => SwapNames.IsTemporary(a.Name)))
        {
            return assets;
        }
        if (Find(assets, SwapNames.Previous(ManifestName)) is not null)
        {
            if (Find(assets, ManifestName) is null && Find(assets, SwapNames.Pending(ManifestName)) is { } pending)
            {
                store.RenameAsset(release, pending, ManifestName);
            }
        }
        else
        {
            foreach (var name in BillingTables.All.Select(t => t.FileName))
            {
                if (Find(assets, SwapNames.Previous(name)) is not { } previous)
                {
                    continue;
                }
                if (Find(assets, name) is { } swappedIn)
                {
                    store.DeleteAsset(release, swappedIn);
                }
                store.RenameAsset(release, previous, name);
            }
        }
        var now = store.ListAssets(release);
        foreach (var leftover in now.Where(a => SwapNames.IsTemporary(a.Name)))
        {
            store.DeleteAsset(release, leftover);
        }
        return now.Where(a => !SwapNames.IsTemporary(a.Name)).ToList();
    }

    private static StoreAsset? Find(IReadOnlyList<StoreAsset> assets, string name) => assets.FirstOrDefault(a => a.Name == name);
}
