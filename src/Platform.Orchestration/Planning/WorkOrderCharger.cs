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
using Platform.State.Tables.Rows;
using Platform.Repository.Reasons;

namespace Platform.Orchestration.Planning;

/// <summary>
/// The first state transaction of a run: decides each selected work order's fate and charges the
/// ones that will run (one SPEND each, plus a promotion redemption and a RUNNING log row), all
/// committed before any module starts. Work orders a dead run had charged are picked up again.
/// </summary>
/// <param name="abandoned">Closes attempts whose work order changed before a dead run finished them.</param>
/// <param name="platformEnvironment">Where the modules' declared secrets come from: one missing fails the work order uncharged.</param>
public sealed class WorkOrderCharger(PlatformRepository repository, ReasonBook reasons, Quoter quoter, OrchestratorOptions options,
    AbandonedAttempts abandoned, IReadOnlyDictionary<string, string> platformEnvironment)
{
    /// <summary>One charging pass: the state read, the change being built and the IDs handed out so far.</summary>
    private sealed record Pass(BillingState State, StateChange Change, WorkOrderHistory History, HashSet<string> RunIds,
        IReadOnlyDictionary<TenantId, string> Overflowing);

    /// <param name="overflowing">Tenants whose payments would overflow their balance, with why: their work orders fail uncharged.</param>
    public (List<ChargedWorkOrder> ToRun, List<WorkOrderOutcome> Outcomes) Charge(BillingState state, StateChange change,
        IReadOnlyDictionary<TenantId, string> overflowing)
    {
        var pass = new Pass(state, change, WorkOrderHistory.Read(state), new HashSet<string>(StringComparer.Ordinal), overflowing);
        var toRun = new List<ChargedWorkOrder>();
        var outcomes = new List<WorkOrderOutcome>();
        abandoned.Clear();
        foreach (var tenant in repository.Tenants.Where(t => options.Tenant is null || t.Id == options.Tenant))
        {
            foreach (var order in tenant.WorkOrders.Where(o => options.WorkOrder is null || o.Id == options.WorkOrder))
            {
                var (work, outcome) = ChargeOne(pass, tenant, order, outcomes);
                if (work is not null)
                {
                    toRun.Add(work);
                }
                if (outcome is not null)
                {
                    outcomes.Add(outcome);
                }
            }
        }
        return (toRun, outcomes);
    }

    /// <summary>Resumes, skips, refuses or charges one work order; an abandoned attempt's outcome goes to <paramref name="outcomes"/> first.</summary>
    private (ChargedWorkOrder? Work, WorkOrderOutcome? Outcome) ChargeOne(Pass pass, Tenant tenant, WorkOrder order, List<WorkOrderOutcome> outcomes)
    {
        if (pass.History.Unreadable(tenant.Id, order.Id) is { } problem)
        {
            // Held, not guessed at: nothing posted or logged until an operator's correction supersedes the row.
            return (null, new WorkOrderOutcome(tenant.Id, order.Id, WorkOrderStatus.Failed, GlobalSlugs.InternalError, Credits.Zero, Credits.Zero,
                pass.Change.BalanceOf(tenant.Id), problem.ToString()));
        }
        var last = pass.History.Last(tenant.Id, order.Id);
        if (last is { Finished: false })
        {
            if (last.Revision == order.Revision && ChargeRecord.FromJson(last.Metadata) is { } charged)
            {
                // The same release IDs as charged: artifacts the dead run published are reused, not orphaned.
                return (Prepare(pass, tenant, order, last.Attempt, charged, resumed: true, last.Metadata), null);
            }
            outcomes.Add(abandoned.Close(pass.Change, tenant, order, last));
            // Its releases are withdrawn after this charge; no new charge may draw their IDs.
            pass.RunIds.UnionWith(abandoned.Releases.Select(r => r.Value));
        }
        if (!order.Enabled)
        {
            return (null, Uncharged(pass, tenant, order, WorkOrderStatus.Disabled, "enabled: false"));
        }
        var finished = pass.History.FinishedAttempts(tenant.Id, order.Id, order.Revision);
        if (finished > 0 && !options.Rerun)
        {
            return (null, Uncharged(pass, tenant, order, WorkOrderStatus.Skipped, "finished at this revision; --rerun runs it again"));
        }
        var attempt = Math.Max(finished, last?.Revision == order.Revision ? last.Attempt : 0) + 1;
        return ChargeNew(pass, tenant, order, attempt);
    }

    private static WorkOrderOutcome Uncharged(Pass pass, Tenant tenant, WorkOrder order, WorkOrderStatus status, string note) =>
        new(tenant.Id, order.Id, status, null, Credits.Zero, Credits.Zero, pass.Change.BalanceOf(tenant.Id), note);

    /// <summary>Prices and charges a new attempt, or refuses it (FAILED, nothing posted) with the reason.</summary>
    private (ChargedWorkOrder? Work, WorkOrderOutcome? Outcome) ChargeNew(Pass pass, Tenant tenant, WorkOrder order, int attempt)
    {
        var refusal = pass.Overflowing.TryGetValue(tenant.Id, out var overflow) ? (GlobalSlugs.InternalError, overflow) : Refusal(tenant, order);
        ChargedWorkOrder? work = null;
        try
        {
            if (refusal is null)
            {
                var quote = quoter.Price(tenant, order, pass.History);
                var balance = pass.Change.BalanceOf(tenant.Id);
                refusal = balance < quote.Net ? (GlobalSlugs.NotEnoughCredits, $"needs {quote.Net} credits, has {balance}") : null;
                work = refusal is null ? Prepare(pass, tenant, order, attempt, quote, resumed: false) : null;
            }
            if (work is not null)
            {
                PostCharge(pass.Change, work);
            }
        }
        catch (CreditOverflowException e)
        {
            // Prices or the balance beyond 64 bits: this work order fails uncharged (the posting
            // that overflowed recorded nothing); other work orders and tenants go on.
            refusal = (GlobalSlugs.InternalError, e.Message);
        }
        if (refusal is { } why)
        {
            return (null, Refuse(pass.Change, pass.History, tenant, order, why.Slug, why.Note));
        }
        if (work!.Quote.PromotionCode is { } code)
        {
            pass.History.AddRedemption(tenant.Id, code);
        }
        return (work, null);
    }

    /// <summary>Why a work order cannot be charged at all, or null.</summary>
    private (string Slug, string Note)? Refusal(Tenant tenant, WorkOrder order)
    {
        if (tenant.Status == TenantStatus.Suspended)
        {
            return (GlobalSlugs.TenantSuspended, "the tenant is suspended");
        }
        if (!order.IsValid)
        {
            return (GlobalSlugs.WorkOrderInvalid, order.Problems[0].ToString());
        }
        if (ExecutionOrder.Of(order.Steps, DependsOn) is null)
        {
            return (GlobalSlugs.WorkOrderInvalid, "the modules' dependencies form a cycle");
        }
        var missing = order.Steps.SelectMany(s => repository.ModulesById[s.ModuleId].Requirements.Where(r => r.IsSecret)
                .Select(r => ModuleRunner.ModuleEnvironment.SecretSource(s.ModuleId, r.Key)))
            .Where(source => !platformEnvironment.ContainsKey(source)).Distinct().ToList();
        if (missing.Count > 0)
        {
            return (GlobalSlugs.SecretMissing, $"the platform has no {string.Join(", ", missing)} for the modules' declared secrets");
        }
        return null;
    }

    private IReadOnlyList<ModuleId> DependsOn(ModuleId module) => repository.ModulesById[module].DependsOn;

    /// <param name="charged">For a resumed work order, its RUNNING row's metadata: the release IDs recorded per module are kept.</param>
    private ChargedWorkOrder Prepare(Pass pass, Tenant tenant, WorkOrder order, int attempt, Quote quote, bool resumed, JsonObject? charged = null)
    {
        var (state, runIds) = (pass.State, pass.RunIds);
        var steps = ExecutionOrder.Of(order.Steps, DependsOn) ?? order.Steps;
        var ids = steps.ToDictionary(s => s.ModuleId, _ =>
        {
            var id = IdGenerator.New<ModuleRunKind>(v => runIds.Contains(v) || state.IsKeyTaken(BillingTables.ModuleRunsLog, v));
            runIds.Add(id.Value);
            return id;
        });
        var releases = steps.ToDictionary(s => s.ModuleId, s =>
        {
            var recorded = ChargeRecord.RecordedRelease(charged, s.ModuleId);
            var id = recorded is not null && Base62.IsValid(IdKind.ReleaseAsset, recorded) && !runIds.Contains(recorded) && !state.IsKeyTaken(BillingTables.ReleasesMap, recorded)
                ? ReleaseAssetId.Parse(recorded, ChargeRecord.ReleaseIdsKey)
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
            change.Append(BillingTables.PromotionRedemptions, new RedemptionRow(
                redemption.Value, work.Tenant.Id.Value, code, quote.Discount.ToString(), change.NowText, $"work order {work.Order.Id}",
                new JsonObject { ["idem"] = LedgerKeys.Redemption(work.Key), ["work_order_id"] = work.Order.Id.Value }.ToJsonString()).Fields());
        }
        var metadata = ChargeRecord.ToJson(quote);
        metadata["revision"] = work.Order.Revision;
        metadata["attempt"] = work.Attempt;
        metadata["idem"] = spendKey;
        metadata[ChargeRecord.ReleaseIdsKey] = new JsonObject(work.ReleaseIds.Select(p => KeyValuePair.Create(p.Key.Value, (JsonNode?)p.Value.Value)));
        change.Append(BillingTables.WorkOrdersLog,
            new WorkOrderLogRow(work.Order.Id.Value, work.Tenant.Id.Value, WorkOrderStatus.Running.Text(), change.NowText, change.NowText, "", "charged", metadata.ToJsonString()).Fields());
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
                new WorkOrderLogRow(order.Id.Value, tenant.Id.Value, WorkOrderStatus.Failed.Text(), change.NowText, "", change.NowText, note, metadata.ToJsonString()).Fields());
        }
        return new WorkOrderOutcome(tenant.Id, order.Id, WorkOrderStatus.Failed, slug, Credits.Zero, Credits.Zero, change.BalanceOf(tenant.Id), note);
    }
}
