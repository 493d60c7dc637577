using Platform.Domain.Errors;
using Platform.State.Manifest;
using Platform.State.Stores.Generations;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Leases;
using Platform.State.Stores.Local;
using Platform.State.Transactions;

namespace Platform.State.Stores.Releases;

/// <summary>
/// The billing state in a release store, in the layout v2 of SPEC 8.1: immutable packs in release
/// <c>billing-state-v1</c>, and one ref, <see cref="StateRef"/>, whose commit holds the current
/// generation's manifest. Publishing uploads what is new, then moves the ref by one compare-and-swap
/// (a fast-forward-only update, or the ref's creation): exactly one writer wins a generation, readers
/// resolve the current one in one read and never see a mix, and no lease is needed for correctness.
/// A release in the v1 layout is read as it is and adopted by the first write.
/// </summary>
/// <param name="lease">A lease writers take for fairness on the store (the local store's folder lock), or null (GitHub).</param>
/// <param name="runLease">The lease of one orchestrator run (see <see cref="IStateBackend.AcquireRunLease"/>).</param>
public sealed class ReleaseStoreBackend(IReleaseStore store, IStoreLease? lease, IStoreLease runLease, TimeProvider clock) : IStateBackend
{
    public const string Tag = "billing-state-v1";

    /// <summary>The ref whose commit names the current generation.</summary>
    public const string StateRef = "refs/heads/platform-state";

    /// <summary>The orchestrator-run lease on GitHub: short-lived and renewed, so a dead holder blocks the next run ten minutes at most.</summary>
    public static readonly GitRefLeaseOptions RunLeaseOptions = new()
    {
        RefName = "refs/heads/platform-orchestrator",
        TimeToLive = TimeSpan.FromMinutes(10),
        RenewEvery = TimeSpan.FromMinutes(2),
        Wait = TimeSpan.Zero,
    };

    private StoreRelease? release;
    private Hydrated? hydrated;

    /// <summary>What the last hydrate read: the commit and manifest of a v2 generation, or a v1 release to adopt.</summary>
    private sealed record Hydrated(long Generation, string? Commit, GenerationManifest? Manifest, LegacyV1Release? Legacy);

    public static ReleaseStoreBackend Local(LocalReleaseStore store, TimeProvider clock) =>
        new(store, new FolderLease(store.LeasePath, FileLease.DefaultWait), new FolderLease(store.RunLeasePath, TimeSpan.Zero), clock);

    /// <remarks>
    /// No writer lease on GitHub: taking one costs content-creating requests, and the commit step alone
    /// decides. The run lease's expiry follows the real clock even when <paramref name="clock"/> is frozen.
    /// </remarks>
    public static ReleaseStoreBackend GitHub(GitHubReleaseStore store, TimeProvider clock) =>
        new(store, null, new GitRefLease(store, TimeProvider.System, RunLeaseOptions), clock);

    public string Name => store.Name;

    public IReleaseStore Store => store;

    public IDisposable AcquireLease(StateDirectory directory)
    {
        var local = FileLease.Acquire(directory.PathOf(NoStore.LockFileName), FileLease.DefaultWait);
        if (lease is null)
        {
            return local;
        }
        try
        {
            return new Both(lease.Acquire(), local);
        }
        catch
        {
            local.Dispose();
            throw;
        }
    }

    public IHeldLease AcquireRunLease(StateDirectory directory) => runLease.Acquire();

    public long Hydrate(StateDirectory directory, BootstrapTemplates templates)
    {
        directory.Recover();
        for (var attempt = 1; ; attempt++)
        {
            if (ReadHead(new ObjectCache(directory)) is var (commit, manifest))
            {
                new GenerationReader(store, Release, directory, new ObjectCache(directory)).Hydrate(manifest, commit);
                hydrated = new Hydrated(manifest.Generation, commit, manifest, null);
                return manifest.Generation;
            }
            if (store.GetRelease(Tag) is { } existing)
            {
                release = existing;
                var legacy = new LegacyV1Release(store, existing);
                var assets = legacy.Assets();
                if (LegacyV1Release.HoldsState(assets))
                {
                    var generation = legacy.Hydrate(directory, assets);
                    hydrated = new Hydrated(generation, null, null, legacy);
                    return generation;
                }
                legacy.RefuseDataWithoutManifest(assets, templates);
            }
            RefuseBootstrapOverLocalState(directory, templates);
            var bootstrapped = NoStore.Bootstrap(directory, templates, clock.GetUtcNow());
            hydrated = new Hydrated(0, null, null, null);
            if (TryCommit(directory, bootstrapped, "bootstrap", null))
            {
                return 0;
            }
            if (attempt == StateTransaction.MaxPublishAttempts)
            {
                throw PlatformException.Conflict($"the billing state of the {store.Name} store kept changing while it was bootstrapped");
            }
        }
    }

    public bool TryPublish(StateDirectory directory, long hydratedGeneration, StateManifest manifest, IReadOnlyList<string> changedAssets, string command)
    {
        if (hydrated is null || hydrated.Generation != hydratedGeneration || manifest.Generation != hydratedGeneration + 1)
        {
            throw new InvalidOperationException($"a publish of generation {manifest.Generation} must follow a hydrate of generation {manifest.Generation - 1} by this backend");
        }
        CheckLocalManifest(directory, manifest);
        return TryCommit(directory, manifest, command, hydrated.Manifest);
    }

    public long StoreGeneration()
    {
        if (ReadHead() is var (_, manifest))
        {
            return manifest.Generation;
        }
        if (store.GetRelease(Tag) is not { } existing)
        {
            return -1;
        }
        var legacy = new LegacyV1Release(store, existing);
        return legacy.Generation(legacy.Assets());
    }

    public bool TryRestore(StateDirectory directory, long storeGeneration)
    {
        var head = ReadHead();
        LegacyV1Release? legacy = null;
        if (head is null && store.GetRelease(Tag) is { } existing)
        {
            release = existing;
            legacy = new LegacyV1Release(store, existing);
        }
        var generation = head?.Manifest.Generation ?? (legacy is null ? -1 : legacy.Generation(legacy.Assets()));
        if (generation != storeGeneration)
        {
            return false;
        }
        hydrated = new Hydrated(generation, head?.Commit, head?.Manifest, legacy);
        // Everything is packed anew: the restored copy shares no history with the store's objects.
        return TryCommit(directory, StateManifest.Read(directory.PathOf(Tables.BillingTables.ManifestFileName)), LocalRestore.Command, null);
    }

    /// <summary>
    /// The current generation's commit and manifest, in two reads (one when <paramref name="cache"/>
    /// holds that commit's manifest already: this folder wrote or read it last); null when the store
    /// has no v2 state.
    /// </summary>
    public (string Commit, GenerationManifest Manifest)? ReadHead(ObjectCache? cache = null)
    {
        if (store.GetRef(StateRef) is not { } head)
        {
            return null;
        }
        return cache?.ReadHead() is var (commit, manifest) && commit == head.Sha ? (commit, manifest) : (head.Sha, ReadManifest(head.Sha));
    }

    public GenerationManifest ReadManifest(string commit) =>
        GenerationManifest.Parse(store.ReadCommitFile(commit, GenerationManifest.FileName), $"{GenerationManifest.FileName} of commit {commit} in the {store.Name} store");

    /// <summary>
    /// Uploads the packs the next generation needs and makes it current if no other writer got there
    /// first: the ref moves only from the hydrated commit (or is created when there was none).
    /// </summary>
    private bool TryCommit(StateDirectory directory, StateManifest local, string command, GenerationManifest? previous)
    {
        var cache = new ObjectCache(directory);
        Failpoint.Hit("publish:start");
        var writer = new GenerationWriter(directory, cache, (path, pack) => StoreUploads.Ensure(store, Release(), pack.Name, path));
        var next = writer.Next(previous, hydrated!.Commit, local, command, clock.GetUtcNow());
        var message = $"billing state generation {next.Generation}: {command}"
            + (next.RowsAdded.Count == 0 ? "" : " (" + string.Join(", ", next.RowsAdded.Select(r => $"{r.Key} {r.Value:+0;-0}")) + ")");
        if (!TryMoveRef(hydrated.Commit, next, message, out var commit))
        {
            cache.DropPacks();
            return false;
        }
        cache.WriteHead(commit, next);
        cache.DropPacks();
        RetireLegacy(hydrated.Legacy);
        hydrated = new Hydrated(next.Generation, commit, next, null);
        return true;
    }

    /// <summary>Makes <paramref name="manifest"/> current if the ref is still at <paramref name="parentCommit"/> (a restore of an earlier generation).</summary>
    public bool TryCommitManifest(string parentCommit, GenerationManifest manifest) =>
        TryMoveRef(parentCommit, manifest, $"billing state generation {manifest.Generation}: {manifest.Command}", out _);

    /// <summary>
    /// The commit step (SPEC 8.2): a commit holding the manifest, on <paramref name="parentCommit"/>;
    /// the ref moves to it only by fast-forward from that parent (or is created when there was none).
    /// </summary>
    private bool TryMoveRef(string? parentCommit, GenerationManifest manifest, string message, out string commit)
    {
        commit = store.CreateCommit(message, parentCommit, new Dictionary<string, string> { [GenerationManifest.FileName] = manifest.ToJson() });
        Failpoint.Hit("publish:commit");
        var won = parentCommit is null ? store.TryCreateRef(StateRef, commit) : store.TryFastForwardRef(StateRef, commit);
        // An answer lost after the ref moved: the ref says whether this commit won.
        won = won || store.GetRef(StateRef)?.Sha == commit;
        if (won)
        {
            Failpoint.Hit("publish:ref");
        }
        return won;
    }

    /// <summary>Once a v2 generation is current the v1 assets step aside; a failure only leaves them for the next writer.</summary>
    private static void RetireLegacy(LegacyV1Release? legacy)
    {
        try
        {
            legacy?.Retire();
        }
        catch (PlatformException e)
        {
            Console.Error.WriteLine($"warning: the v1 state assets were adopted but not yet renamed ({e.Message}); the next write retries");
        }
    }

    private StoreRelease Release()
    {
        if (release is not null)
        {
            return release;
        }
        try
        {
            return release = store.GetRelease(Tag) ?? store.CreateRelease(Tag);
        }
        catch (PlatformException e) when (e.ExitCode == ExitCode.StateConflict && store.GetRelease(Tag) is { } created)
        {
            // Another writer created it meanwhile.
            return release = created;
        }
    }

    /// <summary>
    /// A store without state beside a local copy that holds some is a lost release or a mistyped
    /// store location, never a reason to start over: both sides are named and nothing changes.
    /// </summary>
    private void RefuseBootstrapOverLocalState(StateDirectory directory, BootstrapTemplates templates)
    {
        if (LocalCopy.HeldState(directory, templates) is { } local)
        {
            throw PlatformException.StoreUnavailable(
                $"the {store.Name} store {store.Location} holds no billing state (no {StateRef}, no {Tables.BillingTables.ManifestFileName} in release {Tag}), but the local copy {directory.Path} {local}: refusing to bootstrap over it; "
                + "check the store location, or run 'platform state restore --from-local' to publish the local copy");
        }
    }

    /// <summary>Asserts before anything leaves the machine that the folder holds the generation being published.</summary>
    private static void CheckLocalManifest(StateDirectory directory, StateManifest manifest)
    {
        var onDisk = StateManifest.Read(directory.PathOf(Tables.BillingTables.ManifestFileName));
        if (onDisk.Generation != manifest.Generation)
        {
            throw new InvalidOperationException($"{directory.Path} holds generation {onDisk.Generation}, not the {manifest.Generation} being published");
        }
    }

    /// <summary>The store's lease and the local folder's lock, released together.</summary>
    private sealed class Both(IDisposable first, IDisposable second) : IDisposable
    {
        public void Dispose()
        {
            first.Dispose();
            second.Dispose();
        }
    }
}
