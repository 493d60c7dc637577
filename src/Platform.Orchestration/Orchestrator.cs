using Platform.Billing;
using Platform.Domain.Errors;
using Platform.Orchestration.Caching;
using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.Planning;
using Platform.Orchestration.Pricing;
using Platform.Orchestration.Running;
using Platform.Orchestration.Settlement;
using Platform.Repository.Loading;
using Platform.State.Stores.Artifacts;
using Platform.State.Stores.Leases;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Orchestration;

/// <summary>
/// Runs enabled work orders (SPEC §11) in three steps so no lease is held while modules run:
/// one state transaction reconciles payments and charges every work order that will run; the
/// modules run; further transactions settle the finished work orders in batches. A run killed at
/// any point leaves charged-but-unsettled work orders that the next run finds by their RUNNING
/// log rows and finishes, without charging them again.
/// </summary>
public sealed class Orchestrator(
    PlatformRepository repository,
    StateTransaction transaction,
    ModuleProcessRunner runner,
    ArtifactPublisher? publisher,
    ModuleCacheStore? cache,
    TimeProvider clock,
    Action<string> log)
{
    /// <summary>Tenants whose sandboxes are started ahead of their work orders (each ~50 ms of start-up).</summary>
    private const int PreparedAhead = 2;

    public IReadOnlyList<WorkOrderOutcome> Run(OrchestratorOptions options, CancellationToken cancel = default)
    {
        options.Validated();
        var reasons = ReasonBook.Load(repository.Root);
        var quoter = new Quoter(repository, clock.GetUtcNow(), publisher is not null);
        var charger = new WorkOrderCharger(repository, reasons, quoter, options, runner.PlatformEnvironment);
        var (confirmed, notConfirmed) = PaymentReconciler.Read(repository.Root);
        if (options.DryRun)
        {
            return transaction.Preview((state, change) =>
            {
                var payments = PaymentReconciler.Apply(change, confirmed, notConfirmed, skipOverflow: true);
                var (toRun, outcomes) = charger.Charge(state, change, payments.Overflowing);
                return outcomes.Concat(toRun.Select(w => new WorkOrderOutcome(w.Tenant.Id, w.Order.Id, WorkOrderOutcome.Planned, null,
                    w.Quote.Net, Domain.Credits.Zero, change.BalanceOf(w.Tenant.Id), Describe(w.Quote)))).ToList();
            }).OrderBy(o => o.Tenant.Value, StringComparer.Ordinal).ThenBy(o => o.WorkOrder.Value, StringComparer.Ordinal).ToList();
        }

        // Held until the run ends: a second orchestrator would take this one's running work orders
        // for abandoned and run them again.
        using var runLease = transaction.AcquireRunLease();
        Func<string, bool> assetIdTaken = _ => false;
        IReadOnlyDictionary<string, IReadOnlyList<string>> cacheIndex = new Dictionary<string, IReadOnlyList<string>>();
        var balances = new Dictionary<TenantId, Domain.Credits>();
        var (work, early) = transaction.Run((state, change) =>
        {
            var payments = PaymentReconciler.Apply(change, confirmed, notConfirmed, skipOverflow: true);
            assetIdTaken = v => state.IsKeyTaken(BillingTables.AssetsMap, v) || state.IsKeyTaken(BillingTables.ReleasesMap, v);
            cacheIndex = state.CurrentRows(BillingTables.CacheIndex).ToDictionary(r => r[0], StringComparer.Ordinal);
            var charged = charger.Charge(state, change, payments.Overflowing);
            foreach (var tenant in repository.Tenants)
            {
                balances[tenant.Id] = change.BalanceOf(tenant.Id);
            }
            return charged;
        });
        log($"charged {work.Count(w => !w.Resumed)} work order(s), resuming {work.Count(w => w.Resumed)}, {early.Count} not run");
        foreach (var releaseId in charger.AbandonedReleases)
        {
            publisher?.Withdraw(releaseId);
        }

        var executor = new WorkOrderExecutor(repository, runner, publisher, cache, cacheIndex, clock.GetUtcNow(),
            Path.GetFullPath(options.RuntimeDir, repository.Root), assetIdTaken);
        var settler = new WorkOrderSettler(reasons);
        var outcomes = new List<WorkOrderOutcome>(early);
        var done = 0;
        // A lost run lease stops the modules at once, as a cancellation would.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, runLease.Lost);
        // Work orders come tenant by tenant: each tenant's sandbox starts while the one before still runs.
        var runtimeDir = Path.GetFullPath(options.RuntimeDir, repository.Root);
        var modulesFolder = Path.Combine(repository.Root, "modules");
        var tenants = work.Select(w => w.Tenant.Id).Distinct().ToList();
        var position = tenants.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        void PrepareFrom(int first)
        {
            foreach (var tenant in tenants.Skip(first).Take(PreparedAhead))
            {
                runner.Prepare(runtimeDir, tenant, modulesFolder);
            }
        }
        if (!options.DryRun)
        {
            PrepareFrom(0);
        }
        IReadOnlyList<StepOutcome> Execute(ChargedWorkOrder item, CancellationToken token)
        {
            PrepareFrom(position[item.Tenant.Id] + 1);
            return executor.Run(item, token);
        }
        using var workers = new BatchWorkers<ChargedWorkOrder, IReadOnlyList<StepOutcome>>(work, options.Parallelism, options.SettleBatchSize, Execute, stop.Token);
        foreach (var batch in work.Chunk(Math.Max(1, options.SettleBatchSize)))
        {
            IReadOnlyList<(ChargedWorkOrder Item, IReadOnlyList<StepOutcome> Result)> results;
            try
            {
                results = workers.Take(done, batch.Length);
            }
            catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
            {
                throw LostRunLease();
            }
            if (runLease.Lost.IsCancellationRequested)
            {
                throw LostRunLease();
            }
            outcomes.AddRange(transaction.Run((state, change) =>
            {
                var settled = results.Select(r => settler.Settle(change, r.Item, r.Result)).ToList();
                foreach (var outcome in settled)
                {
                    balances[outcome.Tenant] = change.BalanceOf(outcome.Tenant);
                }
                var cacheRows = results.SelectMany(r => r.Result).Where(s => s.CacheRow is not null).Select(s => s.CacheRow!).ToList();
                if (cacheRows.Count > 0)
                {
                    change.Replace(BillingTables.CacheIndex, WorkOrderSettler.MergeCacheRows(state.CurrentRows(BillingTables.CacheIndex), cacheRows));
                }
                return settled;
            }));
            done += batch.Length;
            if (work.Count > batch.Length)
            {
                log($"settled {done}/{work.Count} work orders");
            }
        }
        // Each line shows the tenant's balance once the whole run is settled.
        return outcomes.Select(o => o with { BalanceAfter = balances.GetValueOrDefault(o.Tenant, o.BalanceAfter) })
            .OrderBy(o => o.Tenant.Value, StringComparer.Ordinal).ThenBy(o => o.WorkOrder.Value, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Another orchestrator broke this one's expired run lease and may be resuming these very work
    /// orders: stop; what ran here and is not settled is resumed (never charged twice) later.
    /// </summary>
    private static PlatformException LostRunLease() =>
        PlatformException.Conflict("this orchestrator lost its run lease (it could not renew it in time); stopped before settling more");

    private static string Describe(Quote quote) =>
        string.Join(", ", quote.Steps.Select(s => $"{s.Module} run {s.Run}" + (s.PublishArtifacts ? $" + release {s.SaveToRelease}" : "")
            + (s.ArtifactsBlockedBy is { } b ? $" ({b})" : "")))
        + (quote.Discount.Value > 0 ? $"; {quote.PromotionCode} -{quote.Discount}" : "")
        + (quote.PromotionNotes.Count > 0 ? "; " + string.Join("; ", quote.PromotionNotes) : "");
}
