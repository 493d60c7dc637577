using Platform.Domain;
using Platform.Domain.Ledger;
using Platform.Orchestration.Pricing;
using Platform.State.Transactions;

namespace Platform.Orchestration.Settlement;

/// <summary>Refunds one module's charges as one REFUND transaction carrying the reason code, once per attempt.</summary>
public static class Refunds
{
    /// <summary>
    /// Whether every refund a charge could need fits in the tenant's balance. A work order's refunds
    /// are all or none: when they could overflow (top-ups came in while it ran), none is posted.
    /// </summary>
    public static bool Fit(StateChange change, TenantId tenant, Quote quote)
    {
        try
        {
            _ = change.BalanceOf(tenant) + quote.Gross;
            return true;
        }
        catch (CreditOverflowException)
        {
            return false;
        }
    }

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
        var posting = new Posting(tenant, TransactionType.Refund, LedgerKeys.Refund(attemptKey, step.Module), items, workOrder,
            ReasonCode.Parse(reasonCode, "reason_code"), slug);
        return change.Post(posting) is null ? Credits.Zero : posting.Amount;
    }
}
