using Platform.Domain.Errors;
using Platform.Orchestration.Caching;
using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.Planning;
using Platform.Orchestration.Pricing;
using Platform.Orchestration.Running;
using Platform.Orchestration.Settlement;
using Platform.Repository.Loading;
using Platform.Orchestration.Artifacts;
using Platform.State.Stores.Leases;
using Platform.State.Tables;
using Platform.State.Transactions;
using Platform.State.Tables.Rows;

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
    PaymentPosting postPayments,
    ModuleProcessRunner runner,
    ArtifactPublisher? publisher,
    ModuleCacheStore? cache,
    TimeProvider clock,
    Action<string> log,
    IRunProgress? progress = null)
{
    private readonly IRunProgress progress = progress ?? NoRunProgress.Instance;

    public IReadOnlyList<WorkOrderOutcome> Run(OrchestratorOptions options, CancellationToken cancel = default)
    {
        options.Validated();
        var reasons = ReasonBook.Load(repository.Root);
        var quoter = new Quoter(repository, clock.GetUtcNow(), publisher is not null);
        var abandoned = new AbandonedAttempts(reasons);
        var charger = new WorkOrderCharger(repository, reasons, quoter, options, abandoned, runner.PlatformEnvironment);
        if (options.DryRun)
        {
            return Preview(charger);
        }
        // Held until the run ends: a second orchestrator would take this one's running work orders
        // for abandoned and run them again.
        using var runLease = transaction.AcquireRunLease();
        var charged = ChargeAll(charger);
        log($"charged {charged.Work.Count(w => !w.Resumed)} work order(s), resuming {charged.Work.Count(w => w.Resumed)}, {charged.NotRun.Count} not run");
        progress.Charged(charged.Work.Count);
        foreach (var releaseId in abandoned.Releases)
        {
            publisher?.Withdraw(releaseId);
        }
        var outcomes = RunAndSettle(options, charged, new WorkOrderSettler(reasons), runLease, cancel);
        return RunningBalances.Assign(Sorted(outcomes), charged.Balances);
    }

    /// <summary>The plan and prices of a dry run, from a transaction that is never committed.</summary>
    private IReadOnlyList<WorkOrderOutcome> Preview(WorkOrderCharger charger) =>
        transaction.Preview((state, change) =>
        {
            var (toRun, outcomes) = charger.Charge(state, change, postPayments(change));
            var planned = Sorted(outcomes.Concat(toRun.Select(w => new WorkOrderOutcome(w.Tenant.Id, w.Order.Id, WorkOrderStatus.Planned, null,
                w.Quote.Net, Domain.Credits.Zero, Domain.Credits.Zero, Describe(w.Quote)))));
            return RunningBalances.Assign(planned, planned.Select(o => o.Tenant).Distinct().ToDictionary(t => t, change.BalanceOf));
        });

    /// <summary>
    /// The charge transaction: payments posted, then every enabled work order charged (or refused,
    /// or resumed); also what the runs need to know of the state as it was charged.
    /// </summary>
    private ChargedRun ChargeAll(WorkOrderCharger charger)
    {
        Func<string, bool> assetIdTaken = _ => false;
        IReadOnlyDictionary<string, CacheIndexRow> cacheIndex = new Dictionary<string, CacheIndexRow>();
        var balances = new Dictionary<TenantId, Domain.Credits>();
        var (work, early) = transaction.Run((state, change) =>
        {
            var overflowing = postPayments(change);
            assetIdTaken = v => state.IsKeyTaken(BillingTables.AssetsMap, v) || state.IsKeyTaken(BillingTables.ReleasesMap, v);
            cacheIndex = state.CurrentRows(BillingTables.CacheIndex).Select(CacheIndexRow.Read).ToDictionary(r => r.CacheKey, StringComparer.Ordinal);
            var charged = charger.Charge(state, change, overflowing);
            foreach (var tenant in repository.Tenants)
            {
                balances[tenant.Id] = change.BalanceOf(tenant.Id);
            }
            return charged;
        });
        return new ChargedRun(work, early, assetIdTaken, cacheIndex, balances);
    }

    /// <summary>
    /// Runs the charged work orders on the worker threads and settles them batch by batch, each batch
    /// in a transaction of its own while the next one runs.
    /// </summary>
    private List<WorkOrderOutcome> RunAndSettle(OrchestratorOptions options, ChargedRun charged, WorkOrderSettler settler, IHeldLease runLease, CancellationToken cancel)
    {
        var runtimeDir = Path.GetFullPath(options.RuntimeDir, repository.Root);
        var executor = new WorkOrderExecutor(repository, runner, publisher, cache, charged.CacheIndex, clock.GetUtcNow(), runtimeDir, charged.AssetIdTaken, log, progress);
        var outcomes = new List<WorkOrderOutcome>(charged.NotRun);
        var work = charged.Work;
        var prepare = new SandboxesAhead(runner, runtimeDir, Path.Combine(repository.Root, "modules"), work);
        // A lost run lease stops the modules at once, as a cancellation would.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel, runLease.Lost);
        using var workers = new BatchWorkers<ChargedWorkOrder, IReadOnlyList<StepOutcome>>(work, options.Parallelism, options.SettleBatchSize,
            (item, token) => prepare.Before(item, () => executor.Run(item, token)), stop.Token, lane: item => item.Tenant.Id);
        var done = 0;
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
            outcomes.AddRange(Settle(settler, results, charged.Balances));
            done += batch.Length;
            if (work.Count > batch.Length)
            {
                log($"settled {done}/{work.Count} work orders");
            }
        }
        return outcomes;
    }

    /// <summary>One settlement transaction: final log rows, refunds, map rows and new cache rows of a batch.</summary>
    private IReadOnlyList<WorkOrderOutcome> Settle(WorkOrderSettler settler, IReadOnlyList<(ChargedWorkOrder Item, IReadOnlyList<StepOutcome> Result)> results,
        Dictionary<TenantId, Domain.Credits> balances) =>
        transaction.Run((state, change) =>
        {
            var settled = results.Select(r => settler.Settle(change, r.Item, r.Result)).ToList();
            foreach (var outcome in settled)
            {
                balances[outcome.Tenant] = change.BalanceOf(outcome.Tenant);
            }
            var cacheRows = results.SelectMany(r => r.Result).Where(s => s.CacheRow is not null).Select(s => s.CacheRow!).ToList();
            if (cacheRows.Count > 0)
            {
                change.Replace(BillingTables.CacheIndex, CacheIndexRow.Merge(state.CurrentRows(BillingTables.CacheIndex).Select(CacheIndexRow.Read), cacheRows));
            }
            return settled;
        });

    private static List<WorkOrderOutcome> Sorted(IEnumerable<WorkOrderOutcome> outcomes) =>
        outcomes.OrderBy(o => o.Tenant.Value, StringComparer.Ordinal).ThenBy(o => o.WorkOrder.Value, StringComparer.Ordinal).ToList();

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

/// <summary>
/// Posts the payments the operator confirmed into the charge transaction, before anything is charged;
/// returns the tenants whose payment would overflow their balance (left unposted), with a note each.
/// </summary>
public delegate IReadOnlyDictionary<TenantId, string> PaymentPosting(StateChange change);

/// <summary>What the charge transaction hands the runs: the work, the orders that will not run, and the state as charged.</summary>
internal sealed record ChargedRun(
    IReadOnlyList<ChargedWorkOrder> Work,
    IReadOnlyList<WorkOrderOutcome> NotRun,
    Func<string, bool> AssetIdTaken,
    IReadOnlyDictionary<string, CacheIndexRow> CacheIndex,
    Dictionary<TenantId, Domain.Credits> Balances);
