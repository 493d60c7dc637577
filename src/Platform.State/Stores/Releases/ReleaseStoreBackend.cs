using Platform.Files.Files;
using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.State.Manifest;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Leases;
using Platform.State.Stores.Local;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Stores.Releases;

/// <summary>
/// The billing state kept as the release <c>billing-state-v1</c> of any release store.
/// Hydrate downloads what the published manifest lists and checks every hash. It bootstraps from
/// the templates only a store with no release, or a release without a manifest whose state assets
/// (if any) are untouched templates: damaged state is reported, never reset. Publish is a
/// compare-and-swap on the manifest's generation; each changed asset is swapped in (see
/// <see cref="SwapNames"/>) and the manifest goes last, so the published manifest always describes
/// assets that are present.
/// </summary>
/// <param name="lease">The writer lease of one state transaction.</param>
/// <param name="runLease">The lease of one orchestrator run (see <see cref="IStateBackend.AcquireRunLease"/>).</param>
public sealed class ReleaseStoreBackend(IReleaseStore store, IStoreLease lease, IStoreLease runLease, TimeProvider clock) : IStateBackend
{
    public const string Tag = "billing-state-v1";

    /// <summary>Hydrate retries when the manifest moved under it (a lease broken mid-publish), this often.</summary>
    private const int HydrateAttempts = 3;

    private static readonly string ManifestName = BillingTables.ManifestFileName;

    /// <summary>The orchestrator-run lease on GitHub: short-lived and renewed, so a dead holder blocks the next run ten minutes at most.</summary>
    public static readonly GitRefLeaseOptions RunLeaseOptions = new()
    {
        RefName = "refs/heads/platform-orchestrator",
        TimeToLive = TimeSpan.FromMinutes(10),
        RenewEvery = TimeSpan.FromMinutes(2),
        Wait = TimeSpan.Zero,
    };

    public static ReleaseStoreBackend Local(LocalReleaseStore store, TimeProvider clock) =>
        new(store, new FolderLease(store.LeasePath, FileLease.DefaultWait), new FolderLease(store.RunLeasePath, TimeSpan.Zero), clock);

    /// <remarks>
    /// Lease expiries follow the real clock even when <paramref name="clock"/> is frozen (PLATFORM_NOW):
    /// another machine on the real clock must neither break a live lease nor wait forever for a dead one.
    /// </remarks>
    public static ReleaseStoreBackend GitHub(GitHubReleaseStore store, TimeProvider clock, GitRefLeaseOptions? leaseOptions = null) =>
        new(store, new GitRefLease(store, TimeProvider.System, leaseOptions), new GitRefLease(store, TimeProvider.System, RunLeaseOptions), clock);

    public string Name => store.Name;

    public IDisposable AcquireLease(StateDirectory directory) => lease.Acquire();

    public IHeldLease AcquireRunLease(StateDirectory directory) => runLease.Acquire();

    public long Hydrate(StateDirectory directory, BootstrapTemplates templates)
    {
        directory.Recover();
        var release = store.GetRelease(Tag);
        if (release is null)
        {
            RefuseBootstrapOverLocalState(directory, templates, $"has no release {Tag}");
            return Bootstrap(directory, templates, store.CreateRelease(Tag));
        }
        for (var attempt = 1; ; attempt++)
        {
            var assets = FinishInterruptedPublish(release, store.ListAssets(release));
            var manifestAsset = Find(assets, ManifestName);
            if (manifestAsset is null)
            {
                RefuseBootstrapOverLocalState(directory, templates, $"has no {ManifestName} in release {Tag}");
                RemoveBootstrapLeftovers(release, assets, templates);
                return Bootstrap(directory, templates, release);
            }
            directory.BeginCommit();
            var (manifest, fetched, violations) = DownloadOrDiscard(directory, release, assets, manifestAsset);
            if (violations.Count == 0)
            {
                directory.Commit([.. fetched, ManifestName]);
                return manifest.Generation;
            }
            directory.Discard();
            // Hashes that disagree with a manifest that has since moved are a publish seen halfway: read again.
            if (attempt < HydrateAttempts && PublishedGeneration(release, store.ListAssets(release)) != manifest.Generation)
            {
                continue;
            }
            throw PlatformException.BadInput(violations);
        }
    }

    public bool TryPublish(StateDirectory directory, long hydratedGeneration, StateManifest manifest, IReadOnlyList<string> changedAssets)
    {
        if (manifest.Generation != hydratedGeneration + 1)
        {
            throw new InvalidOperationException($"a publish over generation {hydratedGeneration} must carry generation {hydratedGeneration + 1}, not {manifest.Generation}");
        }
        var names = changedAssets.Where(n => n != ManifestName).Distinct().ToList();
        CheckLocalFiles(directory, manifest, names);
        var release = store.GetRelease(Tag)
            ?? throw PlatformException.StoreUnavailable($"release {Tag} vanished from the {store.Name} store during the transaction");
        var assets = FinishInterruptedPublish(release, store.ListAssets(release));
        if (PublishedGeneration(release, assets) != hydratedGeneration)
        {
            return false;
        }
        Publish(directory, release, assets, names);
        return true;
    }

    public long StoreGeneration() => store.GetRelease(Tag) is { } release ? PublishedGeneration(release, FinishInterruptedPublish(release, store.ListAssets(release))) : -1;

    public bool TryRestore(StateDirectory directory, long storeGeneration)
    {
        var release = store.GetRelease(Tag) ?? store.CreateRelease(Tag);
        var assets = FinishInterruptedPublish(release, store.ListAssets(release));
        if (PublishedGeneration(release, assets) != storeGeneration)
        {
            return false;
        }
        Publish(directory, release, assets, BillingTables.All.Select(t => t.FileName).ToList());
        return true;
    }

    /// <summary>Swaps in each named asset, then the manifest, then deletes the assets that stepped aside.</summary>
    private void Publish(StateDirectory directory, StoreRelease release, IReadOnlyList<StoreAsset> assets, IReadOnlyList<string> names)
    {
        var stepAside = new List<StoreAsset>();
        Failpoint.Hit("publish:start");
        foreach (var name in names)
        {
            Swap(release, Find(assets, name), name, directory.PathOf(name), stepAside);
            Failpoint.Hit("publish:asset");
        }
        Swap(release, Find(assets, ManifestName), ManifestName, directory.PathOf(ManifestName), stepAside);
        Failpoint.Hit("publish:manifest");
        foreach (var old in stepAside)
        {
            store.DeleteAsset(release, old);
        }
    }

    /// <summary>Writes the templates and a generation-0 manifest locally, then publishes them, manifest last.</summary>
    private long Bootstrap(StateDirectory directory, BootstrapTemplates templates, StoreRelease release)
    {
        var manifest = NoStore.Bootstrap(directory, templates, clock.GetUtcNow());
        foreach (var name in BillingTables.All.Select(t => t.FileName).Append(ManifestName))
        {
            store.UploadAsset(release, name, directory.PathOf(name));
        }
        return manifest.Generation;
    }

    /// <summary>
    /// A store without state beside a local copy that holds some is a lost release or a mistyped
    /// store location, never a reason to start over: both sides are named and nothing changes.
    /// </summary>
    private void RefuseBootstrapOverLocalState(StateDirectory directory, BootstrapTemplates templates, string storeSide)
    {
        if (LocalCopy.HeldState(directory, templates) is { } local)
        {
            throw PlatformException.StoreUnavailable(
                $"the {store.Name} store {store.Location} {storeSide}, but the local copy {directory.Path} {local}: refusing to bootstrap over it; "
                + "check the store location, or run 'platform state restore --from-local' to publish the local copy");
        }
    }

    /// <summary>
    /// A release without a manifest may hold what a bootstrap uploaded before it died: assets that are
    /// byte for byte their templates. Those go, so the bootstrap can run again; any other asset is
    /// billing data without a manifest, which is an error, never something to overwrite.
    /// </summary>
    private void RemoveBootstrapLeftovers(StoreRelease release, IReadOnlyList<StoreAsset> assets, BootstrapTemplates templates)
    {
        var present = assets.Where(a => BillingTables.Find(a.Name) is not null).ToList();
        var data = new List<string>();
        foreach (var asset in present)
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
                $"is missing from release {Tag} of the {store.Name} store, which holds billing data in {string.Join(", ", data)}: refusing to bootstrap over existing billing state"));
        }
        foreach (var asset in present)
        {
            store.DeleteAsset(release, asset);
        }
    }

    /// <summary>Downloads the manifest and what it lists into the pending folder; a failure leaves nothing of it behind.</summary>
    private (StateManifest Manifest, List<string> Fetched, List<Violation> Violations) DownloadOrDiscard(
        StateDirectory directory, StoreRelease release, IReadOnlyList<StoreAsset> assets, StoreAsset manifestAsset)
    {
        try
        {
            var manifestPath = directory.PendingPathOf(ManifestName);
            store.DownloadAsset(release, manifestAsset, manifestPath);
            var manifest = StateManifest.Read(manifestPath);
            var (fetched, violations) = Download(directory, release, assets, manifest);
            return (manifest, fetched, violations);
        }
        catch
        {
            directory.Discard();
            throw;
        }
    }

    /// <summary>
    /// Downloads every asset the manifest lists and checks its hash. Always all of them: a local copy
    /// that matches says nothing about whether the store's asset was lost or altered.
    /// </summary>
    private (List<string> Fetched, List<Violation> Violations) Download(
        StateDirectory directory, StoreRelease release, IReadOnlyList<StoreAsset> assets, StateManifest manifest)
    {
        var fetched = new List<string>();
        var violations = new List<Violation>();
        foreach (var name in BillingTables.All.Select(t => t.FileName))
        {
            var expected = manifest.HashOf(name);
            var asset = Find(assets, name);
            if (expected is null)
            {
                violations.Add(new Violation(ManifestName, null, "assets", name, $"lists no sha256 for this asset of release {Tag}"));
                continue;
            }
            if (asset is null)
            {
                violations.Add(new Violation(name, null, null, null, $"is missing from release {Tag} of the {store.Name} store, though its manifest lists it"));
                continue;
            }
            var pending = directory.PendingPathOf(name);
            store.DownloadAsset(release, asset, pending);
            var actual = HashOf(pending);
            if (actual != expected.ToLowerInvariant())
            {
                violations.Add(new Violation(name, null, "sha256", actual, $"of the asset in release {Tag} differs from its manifest's {expected}"));
                continue;
            }
            fetched.Add(name);
        }
        return (fetched, violations);
    }

    /// <summary>Uploads the new bytes beside the old asset, steps the old one aside, then gives the new one the name.</summary>
    private void Swap(StoreRelease release, StoreAsset? old, string name, string path, List<StoreAsset> stepAside)
    {
        var pending = store.UploadAsset(release, SwapNames.Pending(name), path);
        if (old is not null)
        {
            stepAside.Add(store.RenameAsset(release, old, SwapNames.Previous(name)));
        }
        store.RenameAsset(release, pending, name);
    }

    /// <summary>
    /// Finishes or undoes a publish that died midway, from what its temporary names show. Assets are
    /// swapped before the manifest, so: while the manifest has not stepped aside the publish never
    /// happened, and every asset with a <c>previous.</c> copy is rolled back to it; once the manifest
    /// has stepped aside the publish committed, and a pending manifest is rolled forward. Then the
    /// temporaries go.
    /// </summary>
    private IReadOnlyList<StoreAsset> FinishInterruptedPublish(StoreRelease release, IReadOnlyList<StoreAsset> assets)
    {
        if (!assets.Any(a => SwapNames.IsTemporary(a.Name)))
        {
            return assets;
        }
        var committed = Find(assets, SwapNames.Previous(ManifestName)) is not null;
        if (committed)
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

    /// <summary>The generation of the manifest in the store now; -1 when there is none.</summary>
    private long PublishedGeneration(StoreRelease release, IReadOnlyList<StoreAsset> assets)
    {
        var asset = Find(assets, ManifestName);
        if (asset is null)
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

    /// <summary>Asserts before anything leaves the machine that the files are the ones the manifest describes.</summary>
    private static void CheckLocalFiles(StateDirectory directory, StateManifest manifest, IReadOnlyList<string> names)
    {
        var onDisk = StateManifest.Read(directory.PathOf(ManifestName));
        if (onDisk.Generation != manifest.Generation)
        {
            throw new InvalidOperationException($"{directory.PathOf(ManifestName)} holds generation {onDisk.Generation}, not the {manifest.Generation} being published");
        }
        foreach (var name in names)
        {
            if (BillingTables.Find(name) is null)
            {
                throw new InvalidOperationException($"{name} is not a billing-state asset");
            }
            var expected = manifest.HashOf(name);
            if (expected is null || HashOf(directory.PathOf(name)) != expected.ToLowerInvariant())
            {
                throw new InvalidOperationException($"{directory.PathOf(name)} does not match the manifest being published; refusing to publish it");
            }
        }
    }

    private static StoreAsset? Find(IReadOnlyList<StoreAsset> assets, string name) => assets.FirstOrDefault(a => a.Name == name);

    /// <summary>The sha256 of a file, as manifests write it.</summary>
    internal static string HashOf(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
