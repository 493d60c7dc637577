using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;
using Platform.Orchestration.Pricing;
using Platform.Repository.Loading;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Orchestration.Planning;

/// <summary>
/// The first state transaction of a run: decides each selected work order's fate and charges the
/// ones that will run (one SPEND each, plus a promotion redemption and a RUNNING log row), all
/// committed before any module starts. Work orders a dead run had charged are picked up again.
/// </summary>
/// <param name="platformEnvironment">Where the modules' declared secrets come from: one missing fails the work order uncharged.</param>
public sealed class WorkOrderCharger(PlatformRepository repository, ReasonBook reasons, Quoter quoter, OrchestratorOptions options,
    IReadOnlyDictionary<string, string> platformEnvironment)
{
    /// <summary>The RUNNING row's record of the release ID charged per module (metadata key).</summary>
    private const string ReleaseIdsKey = "release_ids";

    private readonly List<ReleaseAssetId> abandonedReleases = [];

    /// <summary>
    /// Release IDs recorded by attempts the last <see cref="Charge"/> closed as abandoned: whatever those
    /// attempts published there is to be withdrawn once the charge is committed.
    /// </summary>
    public IReadOnlyList<ReleaseAssetId> AbandonedReleases => abandonedReleases;

    /// <param name="overflowing">Tenants whose payments would overflow their balance, with why: their work orders fail uncharged.</param>
    public (List<ChargedWorkOrder> ToRun, List<WorkOrderOutcome> Outcomes) Charge(BillingState state, StateChange change,
        IReadOnlyDictionary<TenantId, string> overflowing)
    {
        var history = WorkOrderHistory.Read(state);
        var toRun = new List<ChargedWorkOrder>();
        var outcomes = new List<WorkOrderOutcome>();
        var runIds = new HashSet<string>(StringComparer.Ordinal);
        abandonedReleases.Clear();
        foreach (var tenant in repository.Tenants.Where(t => options.Tenant is null || t.Id == options.Tenant))
        {
            foreach (var order in tenant.WorkOrders.Where(o => options.WorkOrder is null || o.Id == options.WorkOrder))
            {
                var last = history.Last(tenant.Id, order.Id);
                if (last is { Finished: false })
                {
                    if (last.Revision == order.Revision && ChargeRecord.FromJson(last.Metadata) is { } charged)
                    {
                        // The same release IDs as charged: artifacts the dead run published are reused, not orphaned.
                        toRun.Add(Prepare(state, runIds, tenant, order, last.Attempt, charged, resumed: true, last.Metadata?[ReleaseIdsKey] as JsonObject));
                        continue;
                    }
                    outcomes.Add(CloseAbandoned(change, tenant, order, last));
                    // Its releases are withdrawn after this charge; no new charge may draw their IDs.
                    runIds.UnionWith(abandonedReleases.Select(r => r.Value));
                }
                if (!order.Enabled)
                {
                    outcomes.Add(new WorkOrderOutcome(tenant.Id, order.Id, WorkOrderOutcome.Disabled, null, Credits.Zero, Credits.Zero, change.BalanceOf(tenant.Id), "enabled: false"));
                    continue;
                }
                var finished = history.FinishedAttempts(tenant.Id, order.Id, order.Revision);
                if (finished > 0 && !options.Rerun)
                {
                    outcomes.Add(new WorkOrderOutcome(tenant.Id, order.Id, WorkOrderOutcome.Skipped, null, Credits.Zero, Credits.Zero, change.BalanceOf(tenant.Id), "finished at this revision; --rerun runs it again"));
                    continue;
                }
                var attempt = Math.Max(finished, last?.Revision == order.Revision ? last.Attempt : 0) + 1;
                var refusal = overflowing.TryGetValue(tenant.Id, out var overflow) ? ("internal_error", overflow) : Refusal(tenant, order);
                Quote? quote = null;
                ChargedWorkOrder? work = null;
                try
                {
                    if (refusal is null)
                    {
                        quote = quoter.Price(tenant, order, history);
                        if (change.BalanceOf(tenant.Id) < quote.Net)
                        {
                            refusal = ("not_enough_credits", $"needs {quote.Net} credits, has {change.BalanceOf(tenant.Id)}");
                        }
                    }
                    if (refusal is null)
                    {
                        work = Prepare(state, runIds, tenant, order, attempt, quote!, resumed: false);
                        PostCharge(change, work);
                    }
                }
                catch (CreditOverflowException e)
                {
                    // Prices or the balance beyond 64 bits: this work order fails uncharged (the posting
                    // that overflowed recorded nothing); other work orders and tenants go on.
                    refusal = ("internal_error", e.Message);
                }
                if (refusal is { } why)
                {
                    outcomes.Add(Refuse(change, history, tenant, order, why.Slug, why.Note));
                    continue;
                }
                if (quote!.PromotionCode is { } code)
                {
                    history.AddRedemption(tenant.Id, code);
                }
                toRun.Add(work!);
            }
        }
        return (toRun, outcomes);
    }

    /// <summary>Why a work order cannot be charged at all, or null.</summary>
    private (string Slug, string Note)? Refusal(Tenant tenant, WorkOrder order)
    {
        if (tenant.Status == TenantStatus.Suspended)
        {
            return ("tenant_suspended", "the tenant is suspended");
        }
        if (!order.IsValid)
        {
            return ("workorder_invalid", order.Problems[0].ToString());
        }
        if (ExecutionOrder.Of(order.Steps, DependsOn) is null)
        {
            return ("workorder_invalid", "the modules' dependencies form a cycle");
        }
        var missing = order.Steps.SelectMany(s => repository.ModulesById[s.ModuleId].Requirements.Where(r => r.IsSecret)
                .Select(r => ModuleRunner.ModuleEnvironment.SecretSource(s.ModuleId, r.Key)))
            .Where(source => !platformEnvironment.ContainsKey(source)).Distinct().ToList();
        if (missing.Count > 0)
        {
            return ("secret_missing", $"the platform has no {string.Join(", ", missing)} for the modules' declared secrets");
        }
        return null;
    }

    private IReadOnlyList<ModuleId> DependsOn(ModuleId module) => repository.ModulesById[module].DependsOn;

    /// <param name="recordedReleases">For a resumed work order, the release IDs its charge recorded, by module.</param>
    private ChargedWorkOrder Prepare(BillingState state, HashSet<string> runIds, Tenant tenant, WorkOrder order, int attempt, Quote quote,
        bool resumed, JsonObject? recordedReleases = null)
    {
        var steps = ExecutionOrder.Of(order.Steps, DependsOn) ?? order.Steps;
        var ids = steps.ToDictionary(s => s.ModuleId, _ =>
        {
            var id = IdGenerator.New<ModuleRunKind>(v => runIds.Contains(v) || state.IsKeyTaken(BillingTables.ModuleRunsLog, v));
            runIds.Add(id.Value);
            return id;
        });
        var releases = steps.ToDictionary(s => s.ModuleId, s =>
        {
            var recorded = Recorded(recordedReleases?[s.ModuleId.Value]);
            var id = recorded is not null && Base62.IsValid(IdKind.ReleaseAsset, recorded) && !runIds.Contains(recorded) && !state.IsKeyTaken(BillingTables.ReleasesMap, recorded)
                ? ReleaseAssetId.Parse(recorded, ReleaseIdsKey)
                : IdGenerator.New<ReleaseAssetKind>(v => runIds.Contains(v) || state.IsKeyTaken(BillingTables.ReleasesMap, v) || state.IsKeyTaken(BillingTables.AssetsMap, v));
            runIds.Add(id.Value);
            return id;
        });
        return new ChargedWorkOrder(tenant, order, attempt, quote, steps, ids, releases, resumed);
    }

    private void PostCharge(StateChange change, ChargedWorkOrder work)
    {
        var quote = work.Quote;
        var items = new List<PostingItem>();
        foreach (var step in quote.Steps)
        {
            if (step.Run.Value > 0)
            {
                items.Add(new PostingItem(step.Module, Feature.Run, ItemType.Spend, -step.Run));
            }
            if (step.SaveToRelease.Value > 0)
            {
                items.Add(new PostingItem(step.Module, Feature.SaveToRelease, ItemType.Spend, -step.SaveToRelease));
            }
        }
        if (quote.Discount.Value > 0)
        {
            items.Add(new PostingItem(null, Feature.Promotion, ItemType.Discount, quote.Discount, quote.PromotionCode ?? ""));
        }
        var spendKey = LedgerKeys.Spend(work.Key);
        if (items.Count > 0)
        {
            change.Post(new Posting(work.Tenant.Id, TransactionType.Spend, spendKey, items, work.Order.Id,
                metadata: new Dictionary<string, string> { ["revision"] = work.Order.Revision, ["attempt"] = work.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        }
        if (quote.PromotionCode is { } code)
        {
            var redemption = IdGenerator.New<RedemptionKind>(v => change.IsKeyTakenInTable(BillingTables.PromotionRedemptions, v));
            change.Append(BillingTables.PromotionRedemptions,
            [
                redemption.Value, work.Tenant.Id.Value, code, quote.Discount.ToString(), change.NowText, $"work order {work.Order.Id}",
                new JsonObject { ["idem"] = LedgerKeys.Redemption(work.Key), ["work_order_id"] = work.Order.Id.Value }.ToJsonString(),
            ]);
        }
        var metadata = ChargeRecord.ToJson(quote);
        metadata["revision"] = work.Order.Revision;
        metadata["attempt"] = work.Attempt;
        metadata["idem"] = spendKey;
        metadata[ReleaseIdsKey] = new JsonObject(work.ReleaseIds.Select(p => KeyValuePair.Create(p.Key.Value, (JsonNode?)p.Value.Value)));
        change.Append(BillingTables.WorkOrdersLog,
            [work.Order.Id.Value, work.Tenant.Id.Value, WorkOrderHistory.Running, change.NowText, change.NowText, "", "charged", metadata.ToJsonString()]);
    }

    /// <summary>A work order that cannot be charged: FAILED with its reason, nothing posted, tried again next run.</summary>
    private WorkOrderOutcome Refuse(StateChange change, WorkOrderHistory history, Tenant tenant, WorkOrder order, string slug, string note)
    {
        var code = reasons.Global(slug);
        var marker = $"FAILED:{slug}:{order.Revision}";
        if (history.LastUncharged(tenant.Id, order.Id) != marker)
        {
            var metadata = new JsonObject { ["revision"] = order.Revision, ["attempt"] = 0, ["reason"] = $"{slug}:{order.Revision}", ["reason_codes"] = new JsonArray(code) };
            change.Append(BillingTables.WorkOrdersLog,
                [order.Id.Value, tenant.Id.Value, "FAILED", change.NowText, "", change.NowText, note, metadata.ToJsonString()]);
        }
        return new WorkOrderOutcome(tenant.Id, order.Id, "FAILED", slug, Credits.Zero, Credits.Zero, change.BalanceOf(tenant.Id), note);
    }

    /// <summary>
    /// A run died after charging a revision that has since been edited: its modules cannot be run as
    /// charged any more, so every charge is refunded (module_not_executed) and the attempt closed.
    /// </summary>
    private WorkOrderOutcome CloseAbandoned(StateChange change, Tenant tenant, WorkOrder order, WorkOrderRecord last)
    {
        var quote = ChargeRecord.FromJson(last.Metadata);
        var code = reasons.Global("module_not_executed");
        var refunded = Credits.Zero;
        var key = $"{tenant.Id.Value}:{order.Id.Value}:{last.Revision}:{last.Attempt}";
        var fit = quote is null || Settlement.Refunds.Fit(change, tenant.Id, quote);
        foreach (var step in fit ? quote?.Steps ?? [] : [])
        {
            refunded += Settlement.Refunds.Post(change, tenant.Id, order.Id, key, step, step.Run, step.SaveToRelease, code, "module_not_executed");
        }
        var codes = fit ? new JsonArray(code) : new JsonArray(code, reasons.Global("internal_error"));
        var metadata = new JsonObject { ["revision"] = last.Revision, ["attempt"] = last.Attempt, ["reason_codes"] = codes };
        var note = "abandoned: the work order changed before its run finished" + (fit ? "" : "; refunds withheld: they would overflow the balance");
        change.Append(BillingTables.WorkOrdersLog,
            [order.Id.Value, tenant.Id.Value, "FAILED", change.NowText, "", change.NowText, note, metadata.ToJsonString()]);
        if (last.Metadata?[ReleaseIdsKey] is JsonObject recorded)
        {
            abandonedReleases.AddRange(recorded.Select(p => Recorded(p.Value))
                .Where(v => v is not null && Base62.IsValid(IdKind.ReleaseAsset, v) && !change.IsKeyTakenInTable(BillingTables.ReleasesMap, v))
                .Select(v => ReleaseAssetId.Parse(v!, ReleaseIdsKey)));
        }
        return new WorkOrderOutcome(tenant.Id, order.Id, "FAILED", "module_not_executed", Credits.Zero, refunded, change.BalanceOf(tenant.Id), "earlier attempt closed and refunded");
    }

    /// <summary>A recorded release ID, or null for anything that is not a string (the log is append-only: a bad row must not stop every run).</summary>
    private static string? Recorded(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
