using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Orchestration.Planning;
using Platform.Orchestration.Running;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Orchestration.Settlement;

/// <summary>
/// Settles a finished work order in a state transaction: a module_runs_log row per module, a refund
/// per module whose failure is refundable or that never ran (or whose purchased artifacts could not be
/// published), the artifacts map rows, and the final work order status with its reason codes.
/// </summary>
public sealed class WorkOrderSettler(ReasonBook reasons)
{
    public WorkOrderOutcome Settle(StateChange change, ChargedWorkOrder work, IReadOnlyList<StepOutcome> steps)
    {
        var tenant = work.Tenant.Id;
        var order = work.Order.Id;
        var refunded = Credits.Zero;
        var codes = new List<string>();
        var refundsFit = Refunds.Fit(change, tenant, work.Quote);
        if (!refundsFit)
        {
            codes.Add(reasons.Global("internal_error"));
        }
        foreach (var step in steps)
        {
            var price = work.Quote.For(step.Module);
            var code = step.ReasonSlug is null ? "" : reasons.ForModule(step.Module, step.ReasonSlug);
            if (code.Length > 0)
            {
                codes.Add(code);
            }
            if (price.ArtifactsBlockedBy is { } blocked)
            {
                codes.Add(reasons.Global(blocked));
            }
            var refundAll = step.Status == StepOutcome.NotExecuted || (step.Status == StepOutcome.Failed && reasons.IsRefundable(code));
            // When the refunds could overflow the balance (Refunds.Fit), none is posted; the final row says why.
            if (refundsFit && step.CacheHit)
            {
                refunded += Refunds.Post(change, tenant, order, work.Key, price, price.Run, Credits.Zero, code, "skipped_cache");
            }
            else if (refundsFit && refundAll)
            {
                refunded += Refunds.Post(change, tenant, order, work.Key, price, price.Run, price.SaveToRelease, code, step.ReasonSlug!);
            }
            else if (refundsFit && step.ArtifactsFailed)
            {
                var internalError = reasons.Global("internal_error");
                codes.Add(internalError);
                refunded += Refunds.Post(change, tenant, order, work.Key, price, Credits.Zero, price.SaveToRelease, internalError, "internal_error");
            }
            foreach (var row in step.ReleaseRows)
            {
                change.Append(BillingTables.ReleasesMap, row);
            }
            foreach (var row in step.AssetRows)
            {
                change.Append(BillingTables.AssetsMap, row);
            }
            var metadata = new JsonObject { ["attempt"] = work.Attempt, ["revision"] = work.Order.Revision };
            if (step.CacheHit)
            {
                metadata["cache_hit"] = true;
            }
            if (step.Detail.Length > 0)
            {
                metadata["detail"] = step.Detail;
            }
            change.Append(BillingTables.ModuleRunsLog,
            [
                step.RunId.Value, tenant.Value, order.Value, step.Module.Value, step.Status, change.NowText,
                Time(step.StartedAt), Time(step.EndedAt), code, step.ReportPath, step.OutputRef, metadata.ToJsonString(),
            ]);
        }
        var completed = steps.Count(s => s.Status == StepOutcome.Completed);
        var status = completed == steps.Count ? "COMPLETED" : completed > 0 ? "PARTIAL" : "FAILED";
        var charged = work.Quote.Net;
        var final = new JsonObject
        {
            ["revision"] = work.Order.Revision,
            ["attempt"] = work.Attempt,
            ["reason_codes"] = new JsonArray(codes.Distinct().Select(c => (JsonNode)c).ToArray()),
            ["charged"] = charged.Value,
            ["refunded"] = refunded.Value,
        };
        var started = steps.Select(s => s.StartedAt).Where(t => t is not null).Min();
        var ended = steps.Select(s => s.EndedAt).Where(t => t is not null).Max();
        change.Append(BillingTables.WorkOrdersLog,
            [order.Value, tenant.Value, status, change.NowText, Time(started), Time(ended),
                !refundsFit ? "refunds withheld: they would overflow the balance" : work.Resumed ? "resumed after an interrupted run" : "", final.ToJsonString()]);
        var reason = steps.FirstOrDefault(s => s.ReasonSlug is not null && !s.CacheHit)?.ReasonSlug;
        var note = refundsFit ? work.Resumed ? "resumed" : "" : "refunds withheld: they would overflow the balance";
        return new WorkOrderOutcome(tenant, order, status, status == "COMPLETED" ? null : reason, work.Resumed ? Credits.Zero : charged, refunded, change.BalanceOf(tenant), note);
    }

    private static string Time(DateTimeOffset? instant) => instant is { } t ? Domain.Time.Timestamp.ToText(t) : "";
}
