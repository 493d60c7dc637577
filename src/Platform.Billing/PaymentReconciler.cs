using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.Repository.Config;
using Platform.Repository.Tenants;
using Platform.State.Transactions;

namespace Platform.Billing;

/// <param name="CreditsPosted">A total over many tenants, which may pass the range of one balance.</param>
/// <param name="Overflowing">Tenants whose payments were left unposted because their balance would overflow (orchestrator only).</param>
public sealed record ReconcileOutcome(int Posted, int AlreadyPosted, int NotConfirmed, decimal CreditsPosted, IReadOnlyDictionary<TenantId, string> Overflowing);

/// <summary>
/// Posts each CONFIRMED or SETTLED row of <c>config/billing/payments.csv</c> exactly once, keyed by
/// payment_id. The whole file is checked first, then checked against the ledger (an edited posted
/// row is a conflict): one bad row rejects the run and changes nothing.
/// </summary>
public static class PaymentReconciler
{
    /// <summary>payments.csv checked (<see cref="PaymentCheck.Of"/>); a bad-input error listing every problem otherwise.</summary>
    public static PaymentCheck Read(string repoRoot) => PaymentCheck.Of(repoRoot).ThrowIfAny();

    /// <param name="skipOverflow">
    /// False (the command): a payment that would overflow its tenant's balance rejects the run.
    /// True (the orchestrator): it stays unposted and its tenant is named, so other tenants go on.
    /// </param>
    public static ReconcileOutcome Apply(StateChange change, PaymentCheck check, bool skipOverflow = false)
    {
        var conflicts = check.AgainstLedger(change.IsPosted, change.PostedOtherwise);
        if (conflicts.Count > 0)
        {
            throw PlatformException.BadInput(conflicts);
        }
        var posted = 0;
        var already = 0;
        var total = 0m;
        var overflowing = new Dictionary<TenantId, string>();
        foreach (var payment in check.Confirmed)
        {
            var posting = Posting.Topup(payment.Tenant, Feature.Payment, payment.Amount, payment.IdempotencyKey, payment.Method,
                payment.Reference, payment.Note, new Dictionary<string, string> { ["payment_id"] = payment.Id.Value });
            TransactionId? id;
            try
            {
                id = change.Post(posting);
            }
            catch (CreditOverflowException e) when (skipOverflow)
            {
                overflowing.TryAdd(payment.Tenant, $"payment {payment.Id} not posted: {e.Message}");
                continue;
            }
            if (id is null)
            {
                already++;
            }
            else
            {
                posted++;
                total += payment.Amount.Value;
            }
        }
        return new ReconcileOutcome(posted, already, check.NotConfirmed, total, overflowing);
    }
}
