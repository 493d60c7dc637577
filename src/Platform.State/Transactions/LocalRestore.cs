using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.Domain.Time;
using Platform.State.Manifest;
using Platform.State.Stores;
using Platform.State.Stores.Releases;
using Platform.State.Tables;

namespace Platform.State.Transactions;

/// <param name="LocalGeneration">The local copy's generation (0 when it had no manifest).</param>
/// <param name="StoreGeneration">The store's generation before the restore; -1 when it held no state.</param>
/// <param name="Generation">The generation the restore made: max(local, store) + 1.</param>
public sealed record RestoreOutcome(long LocalGeneration, long StoreGeneration, long Generation);

/// <summary>
/// <c>platform state restore --from-local</c>: the audited way out when the store lost its state or
/// the local folder lost its manifest. The local copy must pass every check verify makes (against its
/// own manifest, or, without one, against the files as they are) and must not be older than the
/// store's state; it then becomes generation max(local, store) + 1, written locally and published
/// whole, with an entry in the manifest's history naming both sides.
/// </summary>
public sealed class LocalRestore(IStateBackend backend, StateDirectory directory, TimeProvider clock)
{
    public const string Command = "state restore --from-local";

    public RestoreOutcome Run()
    {
        using var lease = backend.AcquireLease(directory);
        directory.Recover();
        var manifestPath = directory.PathOf(BillingTables.ManifestFileName);
        var local = File.Exists(manifestPath) ? StateManifest.Read(manifestPath) : null;
        var localGeneration = local?.Generation ?? 0;
        var storeGeneration = backend.StoreGeneration();
        if (localGeneration < storeGeneration)
        {
            throw PlatformException.Conflict(
                $"the local copy {directory.Path} is at generation {localGeneration}, older than the {backend.Name} store's {storeGeneration}: refusing to restore a stale copy over newer state");
        }
        var assets = BillingTables.All.Where(t => directory.Exists(t.FileName))
            .Select(t => new ManifestAsset(t.FileName, Stores.Generations.ObjectCache.HashOf(directory.PathOf(t.FileName)))).ToList();
        var log = local is null ? BillingState.InspectAgainst(directory, new StateManifest(0, "", assets)) : BillingState.Inspect(directory).Log;
        if (log.Count > 0)
        {
            throw PlatformException.BadInput([Violation.Of($"the local copy {directory.Path} fails verify: nothing restored"), .. log.Violations]);
        }
        var now = clock.GetUtcNow();
        var generation = Math.Max(localGeneration, storeGeneration) + 1;
        var entry = new JsonObject
        {
            ["generation"] = generation,
            ["at"] = Timestamp.ToText(now),
            ["command"] = Command,
            ["store"] = backend.Name,
            ["local_generation"] = localGeneration,
            ["local_had_manifest"] = local is not null,
            ["store_generation"] = storeGeneration,
        };
        var manifest = new StateManifest(generation, Timestamp.ToText(now), assets) { History = [.. local?.History ?? [], entry] };
        directory.BeginCommit();
        File.WriteAllText(directory.PendingPathOf(BillingTables.ManifestFileName), manifest.ToJson(), CsvFormat.Utf8);
        directory.Commit([BillingTables.ManifestFileName]);
        if (!backend.TryRestore(directory, storeGeneration))
        {
            throw PlatformException.Conflict($"the {backend.Name} store changed during the restore; nothing was published, run it again");
        }
        return new RestoreOutcome(localGeneration, storeGeneration, generation);
    }
}
