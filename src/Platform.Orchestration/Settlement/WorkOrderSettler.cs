using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Orchestration.Planning;
using Platform.Orchestration.Running;
using Platform.State.Tables;
using Platform.State.Transactions;
using Platform.State.Tables.Rows;
using Platform.Repository.Reasons;

namespace Platform.Orchestration.Settlement;

/// <summary>
/// Settles a finished work order in a state transaction: a module_runs_log row per module, a refund
/// per module whose failure is refundable or that never ran (or whose purchased artifacts could not be
/// published), the artifacts map rows, and the final work order status with its reason codes.
/// </summary>
public sealed class WorkOrderSettler(ReasonBook reasons)
{
    private const string RefundsWithheld = "refunds withheld: they would overflow the balance";

    public WorkOrderOutcome Settle(StateChange change, ChargedWorkOrder work, IReadOnlyList<StepOutcome> steps)
    {
        var refunded = Credits.Zero;
        var codes = new List<string>();
        var modules = new List<ModuleOutcome>();
        // When the refunds could overflow the balance none is posted; the final row says why.
        var refundsFit = Refunds.Fit(change, work.Tenant.Id, work.Quote);
        if (!refundsFit)
        {
            codes.Add(reasons.Global(GlobalSlugs.InternalError));
        }
        foreach (var step in steps)
        {
            var code = step.ReasonSlug is null ? "" : reasons.ForModule(step.Module, step.ReasonSlug);
            codes.AddRange(StepCodes(work, step, code));
            var stepRefund = Refund(change, work, step, code, refundsFit, codes);
            refunded += stepRefund;
            modules.Add(new ModuleOutcome(step.Module, step.Status, step.ReasonSlug, stepRefund));
            AppendReleaseRows(change, step);
            AppendRunRow(change, work, step, code);
        }
        var status = FinalStatus(steps);
        AppendFinalRow(change, work, steps, status, codes, refunded, refundsFit);
        var reason = steps.FirstOrDefault(s => s.ReasonSlug is not null && !s.CacheHit)?.ReasonSlug;
        var note = refundsFit ? work.Resumed ? "resumed" : "" : RefundsWithheld;
        return new WorkOrderOutcome(work.Tenant.Id, work.Order.Id, status, status == WorkOrderStatus.Completed ? null : reason,
            work.Resumed ? Credits.Zero : work.Quote.Net, refunded, change.BalanceOf(work.Tenant.Id), note)
        {
            Modules = modules,
        };
    }

    /// <summary>The step's own reason code and the reason its purchased artifacts were not charged, if any.</summary>
    private IEnumerable<string> StepCodes(ChargedWorkOrder work, StepOutcome step, string code)
    {
        if (code.Length > 0)
        {
            yield return code;
        }
        if (work.Quote.For(step.Module).ArtifactsBlockedBy is { } blocked)
        {
            yield return reasons.Global(blocked);
        }
    }

    /// <returns>The credits refunded for the step (<see cref="RefundDecision"/> says which).</returns>
    private Credits Refund(StateChange change, ChargedWorkOrder work, StepOutcome step, string code, bool refundsFit, List<string> codes)
    {
        var price = work.Quote.For(step.Module);
        var ground = RefundDecision.Decide(step.Status, step.CacheHit, reasons.IsRefundable(code), step.ArtifactsFailed, refundsFit);
        if (ground == RefundGround.None)
        {
            return Credits.Zero;
        }
        var (run, save) = RefundDecision.Amounts(ground, price);
        var (reasonCode, slug) = ground switch
        {
            RefundGround.CacheHit => (code, GlobalSlugs.SkippedCache),
            RefundGround.NotDelivered => (code, step.ReasonSlug!),
            _ => (reasons.Global(GlobalSlugs.InternalError), GlobalSlugs.InternalError),
        };
        if (ground == RefundGround.ArtifactsFailed)
        {
            codes.Add(reasonCode);
        }
        return Refunds.Post(change, work.Tenant.Id, work.Order.Id, work.Key, price, run, save, reasonCode, slug);
    }

    private static void AppendReleaseRows(StateChange change, StepOutcome step)
    {
        foreach (var row in step.ReleaseRows)
        {
            change.Append(BillingTables.ReleasesMap, row);
        }
        foreach (var row in step.AssetRows)
        {
            change.Append(BillingTables.AssetsMap, row);
        }
    }

    private static void AppendRunRow(StateChange change, ChargedWorkOrder work, StepOutcome step, string code)
    {
        var metadata = new JsonObject { ["attempt"] = work.Attempt, ["revision"] = work.Order.Revision };
        if (step.CacheHit)
        {
            metadata["cache_hit"] = true;
        }
        if (step.Detail.Length > 0)
        {
            metadata["detail"] = step.Detail;
        }
        change.Append(BillingTables.ModuleRunsLog, new ModuleRunLogRow(
            step.RunId.Value, work.Tenant.Id.Value, work.Order.Id.Value, step.Module.Value, step.Status.Text(), change.NowText,
            Time(step.StartedAt), Time(step.EndedAt), code, step.ReportPath, step.OutputRef, metadata.ToJsonString()).Fields());
    }

    private static WorkOrderStatus FinalStatus(IReadOnlyList<StepOutcome> steps)
    {
        var completed = steps.Count(s => s.Status == StepStatus.Completed);
        return completed == steps.Count ? WorkOrderStatus.Completed : completed > 0 ? WorkOrderStatus.Partial : WorkOrderStatus.Failed;
    }

    private static void AppendFinalRow(StateChange change, ChargedWorkOrder work, IReadOnlyList<StepOutcome> steps, WorkOrderStatus status,
        List<string> codes, Credits refunded, bool refundsFit)
    {
        var final = new JsonObject
        {
            ["revision"] = work.Order.Revision,
            ["attempt"] = work.Attempt,
            ["reason_codes"] = new JsonArray(codes.Distinct().Select(c => (JsonNode)c).ToArray()),
            ["charged"] = work.Quote.Net.Value,
            ["refunded"] = refunded.Value,
        };
        var started = steps.Select(s => s.StartedAt).Where(t => t is not null).Min();
        var ended = steps.Select(s => s.EndedAt).Where(t => t is not null).Max();
        var note = !refundsFit ? RefundsWithheld : work.Resumed ? "resumed after an interrupted run" : "";
        change.Append(BillingTables.WorkOrdersLog,
            new WorkOrderLogRow(work.Order.Id.Value, work.Tenant.Id.Value, status.Text(), change.NowText, Time(started), Time(ended), note, final.ToJsonString()).Fields());
    }

    private static string Time(DateTimeOffset? instant) => instant is { } t ? Domain.Time.Timestamp.ToText(t) : "";
}
