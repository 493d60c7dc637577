using Platform.Domain;
using Platform.Domain.Ledger;
using Platform.Orchestration.Pricing;
using Platform.State.Transactions;

namespace Platform.Orchestration.Settlement;

/// <summary>Refunds one module's charges as one REFUND transaction carrying the reason code, once per attempt.</summary>
public static class Refunds
{
    /// <returns>The credits refunded (zero when nothing was due or it was refunded before).</returns>
    public static Credits Post(StateChange change, TenantId tenant, WorkOrderId workOrder, string attemptKey, StepPrice step,
        Credits run, Credits save, string reasonCode, string slug)
    {
        var items = new List<PostingItem>();
        if (run.Value > 0)
        {
            items.Add(new PostingItem(step.Module, Feature.Run, ItemType.Refund, run, slug));
        }
        if (save.Value > 0)
        {
            items.Add(new PostingItem(step.Module, Feature.SaveToRelease, ItemType.Refund, save, slug));
        }
        if (items.Count == 0)
        {
            return Credits.Zero;
        }
        var posting = new Posting(tenant, TransactionType.Refund, $"refund:{attemptKey}:{step.Module.Value}", items, workOrder,
            ReasonCode.Parse(reasonCode, "reason_code"), slug);
        return change.Post(posting) is null ? Credits.Zero : posting.Amount;
    }
}
