using Platform.Domain.Errors;
using Platform.State.Stores.Leases;
using Platform.State.Stores;

namespace Platform.State.Transactions;

/// <summary>
/// Every change to billing state goes through here: take the writer lease, hydrate, check every
/// ledger rule, apply the change in memory, check again, commit locally, publish with
/// compare-and-swap (re-hydrating and re-applying on a conflict, after a short random pause so
/// racing writers spread out), release the lease.
/// <paramref name="apply"/> may run more than once; idempotency keys make that safe.
/// </summary>
public sealed class StateTransaction(IStateBackend backend, StateDirectory directory, BootstrapTemplates templates, TimeProvider clock)
{
    /// <summary>Attempts before a writer that keeps losing the commit step gives up (exit 3): enough for 16 racing writers.</summary>
    public const int MaxPublishAttempts = 24;

    public StateDirectory Directory => directory;

    /// <summary>What runs the transactions (e.g. admin-topup), recorded in the store's history.</summary>
    public string Command { get; init; } = "platform";

    /// <summary>Only for <c>platform adopt</c>: see <see cref="BillingState.Load"/>.</summary>
    public bool ToleratesUnexplainedBalances { get; init; }

    public T Run<T>(Func<BillingState, StateChange, T> apply)
    {
        using var lease = backend.AcquireLease(directory);
        for (var attempt = 1; attempt <= MaxPublishAttempts; attempt++)
        {
            var generation = backend.Hydrate(directory, templates);
            var state = BillingState.Load(directory, ToleratesUnexplainedBalances);
            var change = state.NewChange(clock.GetUtcNow());
            var result = apply(state, change);
            if (change.IsEmpty)
            {
                return result;
            }
            var manifest = state.Commit(change);
            Failpoint.Hit("commit:local");
            var changed = change.Appends.Keys.Concat(change.Replacements.Keys).Select(t => t.FileName)
                .Append(Tables.BillingTables.TenantsCredits.FileName).Distinct().ToList();
            if (backend.TryPublish(directory, generation, manifest, changed, Command))
            {
                Failpoint.Hit("publish:done");
                return result;
            }
            PauseAfterConflict(attempt);
        }
        throw PlatformException.Conflict($"the billing state kept changing under this writer; gave up after {MaxPublishAttempts} attempts");
    }

    /// <summary>A random pause growing with the attempt (up to 1 s): writers that collided do not collide again in step.</summary>
    private static void PauseAfterConflict(int attempt) =>
        Thread.Sleep(Random.Shared.Next(0, Math.Min(1000, 25 << Math.Min(attempt, 6))));

    /// <summary>
    /// Takes the lease of a whole orchestrator run, or fails at once (exit 3) when another run holds
    /// it; state transactions still take their own writer lease inside it.
    /// </summary>
    public IHeldLease AcquireRunLease()
    {
        try
        {
            return backend.AcquireRunLease(directory);
        }
        catch (PlatformException e) when (e.ExitCode == ExitCode.StateConflict)
        {
            throw PlatformException.Conflict($"another orchestrator run is in progress on this state ({e.Message}); try again when it ends");
        }
    }

    /// <summary>Publishes the local copy, once it passes verify, as the next generation (see <see cref="LocalRestore"/>).</summary>
    public RestoreOutcome RestoreFromLocal() => new LocalRestore(backend, directory, clock).Run();

    /// <summary>Makes sure the store holds a billing state (bootstrapping it from the templates); returns its generation.</summary>
    public long EnsureExists()
    {
        using var lease = backend.AcquireLease(directory);
        return backend.Hydrate(directory, templates);
    }

    /// <summary>
    /// Runs <paramref name="apply"/> on the current state and throws its change away: what a dry run
    /// needs. The local copy is refreshed from the store (a store without state is bootstrapped).
    /// </summary>
    public T Preview<T>(Func<BillingState, StateChange, T> apply)
    {
        using var folder = LockFolder();
        backend.Hydrate(directory, templates);
        var state = BillingState.Load(directory, ToleratesUnexplainedBalances);
        return apply(state, state.NewChange(clock.GetUtcNow()));
    }

    /// <summary>
    /// Readers never wait for the store's writer lease (SPEC 8.2): they read one whole generation
    /// through the commit step, and lock only the local folder they hydrate into.
    /// </summary>
    private IDisposable LockFolder() => FileLease.Acquire(directory.PathOf(NoStore.LockFileName), FileLease.DefaultWait);

    /// <summary>
    /// A read-only view of the current state (balance, statement, ledger, runs): the local copy is
    /// refreshed from the store and handed to <paramref name="read"/> unchecked (<c>verify</c> checks).
    /// Unlike a writer it never bootstraps a store without state: a view publishes nothing.
    /// </summary>
    public T Read<T>(Func<StateDirectory, T> read)
    {
        using var folder = LockFolder();
        var manifest = directory.PathOf(Tables.BillingTables.ManifestFileName);
        if (backend is NoStore ? !File.Exists(manifest) : backend.StoreGeneration() < 0)
        {
            throw PlatformException.BadInput(new Violation(backend is NoStore ? directory.Path : $"the {backend.Name} store", null, null, null,
                "holds no billing state yet: nothing to show (any command that changes state, such as platform maintenance, creates it)"));
        }
        backend.Hydrate(directory, templates);
        return read(directory);
    }

    /// <summary>Reads and checks the state without changing it.</summary>
    public (BillingState? State, ViolationLog Log) Inspect()
    {
        using var folder = LockFolder();
        try
        {
            backend.Hydrate(directory, templates);
        }
        catch (PlatformException e) when (e.ExitCode == ExitCode.BadInput)
        {
            var log = new ViolationLog();
            foreach (var violation in e.Violations)
            {
                log.Add(violation);
            }
            return (null, log);
        }
        return BillingState.Inspect(directory);
    }
}
