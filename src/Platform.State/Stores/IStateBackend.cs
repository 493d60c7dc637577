using Platform.State.Manifest;
using Platform.State.Stores.Leases;
using Platform.State.Transactions;

namespace Platform.State.Stores;

/// <summary>
/// Where the billing state's system of record lives, seen by the state transaction: a writer lease,
/// hydrate into the local folder, and a compare-and-swap publish of the folder's changed tables.
/// The <c>none</c> backend has the local folder as its system of record; release stores (local
/// folder, GitHub) implement the same three steps against a release tagged billing-state-v1.
/// </summary>
public interface IStateBackend
{
    /// <summary>The store's name as the CLI spells it (none, local, github).</summary>
    string Name { get; }

    /// <summary>Takes the single-writer lease, waiting a bounded time; disposing releases it.</summary>
    IDisposable AcquireLease(StateDirectory directory);

    /// <summary>
    /// Takes the lease of a whole orchestrator run without waiting: a second orchestrator on the same
    /// state would take the first one's running work orders for abandoned and run them again.
    /// Disposing releases it; a holder that dies loses it (local: at once; GitHub: when it expires).
    /// </summary>
    IHeldLease AcquireRunLease(StateDirectory directory);

    /// <summary>
    /// Makes the local folder hold the store's current state and returns its generation. A store with
    /// no state yet is bootstrapped from the templates; a damaged one is an error, never a reset.
    /// </summary>
    long Hydrate(StateDirectory directory, BootstrapTemplates templates);

    /// <summary>
    /// Publishes the changed assets (manifest last) if the store's generation is still
    /// <paramref name="hydratedGeneration"/>; false when another writer got there first.
    /// </summary>
    /// <param name="command">What made the change (e.g. admin-topup), recorded in the store's history.</param>
    bool TryPublish(StateDirectory directory, long hydratedGeneration, StateManifest manifest, IReadOnlyList<string> changedAssets, string command);

    /// <summary>The generation the store holds now; -1 when it holds no state (none: always -1, the folder is the record).</summary>
    long StoreGeneration();

    /// <summary>
    /// Publishes every asset of the local folder (manifest last) as the store's state, creating the
    /// release when missing, if the store's generation is still <paramref name="storeGeneration"/>:
    /// <c>platform state restore --from-local</c>. False when another writer got there first.
    /// </summary>
    bool TryRestore(StateDirectory directory, long storeGeneration);
}
