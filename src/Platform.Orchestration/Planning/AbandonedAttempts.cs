using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;
using Platform.Orchestration.Settlement;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;
using Platform.State.Tables;
using Platform.State.Transactions;
using Platform.State.Tables.Rows;
using Platform.Repository.Reasons;

namespace Platform.Orchestration.Planning;

/// <summary>
/// Closes attempts a dead run charged at a revision that has since been edited: their modules cannot
/// be run as charged any more, so every charge is refunded (module_not_executed) and the attempt
/// logged FAILED. The releases they recorded are collected to be withdrawn once the change is committed.
/// </summary>
public sealed class AbandonedAttempts(ReasonBook reasons)
{
    private readonly List<ReleaseAssetId> releases = [];

    /// <summary>Release IDs recorded by the attempts closed since the last <see cref="Clear"/>.</summary>
    public IReadOnlyList<ReleaseAssetId> Releases => releases;

    /// <summary>Forgets the releases collected: a state transaction may apply its change more than once.</summary>
    public void Clear() => releases.Clear();

    public WorkOrderOutcome Close(StateChange change, Tenant tenant, WorkOrder order, WorkOrderRecord last)
    {
        var quote = ChargeRecord.FromJson(last.Metadata);
        var code = reasons.Global(GlobalSlugs.ModuleNotExecuted);
        var refunded = Credits.Zero;
        var key = LedgerKeys.Attempt(tenant.Id, order.Id, last.Revision, last.Attempt);
        var fit = quote is null || Refunds.Fit(change, tenant.Id, quote);
        foreach (var step in fit ? quote?.Steps ?? [] : [])
        {
            var (run, save) = RefundDecision.Amounts(RefundGround.NotDelivered, step);
            refunded += Refunds.Post(change, tenant.Id, order.Id, key, step, run, save, code, GlobalSlugs.ModuleNotExecuted);
        }
        var codes = fit ? new JsonArray(code) : new JsonArray(code, reasons.Global(GlobalSlugs.InternalError));
        var metadata = new JsonObject { ["revision"] = last.Revision, ["attempt"] = last.Attempt, ["reason_codes"] = codes };
        var note = "abandoned: the work order changed before its run finished" + (fit ? "" : "; refunds withheld: they would overflow the balance");
        change.Append(BillingTables.WorkOrdersLog,
            new WorkOrderLogRow(order.Id.Value, tenant.Id.Value, WorkOrderStatus.Failed.Text(), change.NowText, "", change.NowText, note, metadata.ToJsonString()).Fields());
        releases.AddRange(ChargeRecord.RecordedReleases(last.Metadata)
            .Where(v => Base62.IsValid(IdKind.ReleaseAsset, v) && !change.IsKeyTakenInTable(BillingTables.ReleasesMap, v))
            .Select(v => ReleaseAssetId.Parse(v, ChargeRecord.ReleaseIdsKey)));
        return new WorkOrderOutcome(tenant.Id, order.Id, WorkOrderStatus.Failed, GlobalSlugs.ModuleNotExecuted, Credits.Zero, refunded, change.BalanceOf(tenant.Id), "earlier attempt closed and refunded");
    }
}
