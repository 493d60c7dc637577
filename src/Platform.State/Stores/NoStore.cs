using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.State.Manifest;
using Platform.State.Stores.Leases;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Stores;

/// <summary>
/// <c>--store none</c>: the local billing-state folder is the system of record. Nothing is
/// downloaded or published; the lease is a file lock in the folder.
/// </summary>
public sealed class NoStore(TimeProvider clock) : IStateBackend
{
    public const string LockFileName = ".lock";

    public const string RunLockFileName = ".orchestrator-lock";

    public string Name => "none";

    public IDisposable AcquireLease(StateDirectory directory) =>
        FileLease.Acquire(directory.PathOf(LockFileName), FileLease.DefaultWait);

    public IHeldLease AcquireRunLease(StateDirectory directory) =>
        FileLease.Acquire(directory.PathOf(RunLockFileName), TimeSpan.Zero);

    public long Hydrate(StateDirectory directory, BootstrapTemplates templates)
    {
        directory.Recover();
        var manifestPath = directory.PathOf(BillingTables.ManifestFileName);
        if (File.Exists(manifestPath))
        {
            return StateManifest.Read(manifestPath).Generation;
        }
        var files = LocalCopy.StateFiles(directory);
        if (files.Count > 0)
        {
            throw PlatformException.BadInput(new Violation(directory.Path, null, null, null,
                $"holds billing state ({string.Join(", ", files)}) but no {BillingTables.ManifestFileName}: refusing to bootstrap over it; "
                + "if these files are the state, run 'platform state restore --from-local' to record them as the next generation"));
        }
        Bootstrap(directory, templates, clock.GetUtcNow());
        return 0;
    }

    public bool TryPublish(StateDirectory directory, long hydratedGeneration, StateManifest manifest, IReadOnlyList<string> changedAssets, string command) => true;

    public long StoreGeneration() => -1;

    public bool TryRestore(StateDirectory directory, long storeGeneration) => true;

    /// <summary>Writes the templates and a generation-0 manifest into the folder, in one commit.</summary>
    public static StateManifest Bootstrap(StateDirectory directory, BootstrapTemplates templates, DateTimeOffset now)
    {
        directory.BeginCommit();
        var assets = new List<ManifestAsset>();
        foreach (var table in BillingTables.All)
        {
            var bytes = templates.Read(table);
            File.WriteAllBytes(directory.PendingPathOf(table.FileName), bytes);
            assets.Add(new ManifestAsset(table.FileName, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
        var manifest = StateManifest.Next(null, now, assets);
        File.WriteAllText(directory.PendingPathOf(BillingTables.ManifestFileName), manifest.ToJson(), CsvFormat.Utf8);
        directory.Commit([.. BillingTables.All.Select(t => t.FileName), BillingTables.ManifestFileName]);
        return manifest;
    }
}
