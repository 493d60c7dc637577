using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.Repository.Config;
using Platform.Repository.Tenants;
using Platform.State.Transactions;

namespace Platform.Billing;

/// <summary>One confirmed payment ready to post.</summary>
public sealed record ConfirmedPayment(PaymentId Id, TenantId Tenant, TopupMethodId Method, Credits Amount, string Reference, string Note)
{
    public string IdempotencyKey => LedgerKeys.Payment(Id);
}

/// <param name="CreditsPosted">A total over many tenants, which may pass the range of one balance.</param>
/// <param name="Overflowing">Tenants whose payments were left unposted because their balance would overflow (orchestrator only).</param>
public sealed record ReconcileOutcome(int Posted, int AlreadyPosted, int NotConfirmed, decimal CreditsPosted, IReadOnlyDictionary<TenantId, string> Overflowing);

/// <summary>
/// Posts each CONFIRMED or SETTLED row of <c>config/billing/payments.csv</c> exactly once, keyed by
/// payment_id. The whole file is checked first: one bad row rejects the run and changes nothing.
/// </summary>
public static class PaymentReconciler
{
    private static readonly string[] Postable = ["CONFIRMED", "SETTLED"];

    public static (IReadOnlyList<ConfirmedPayment> Confirmed, int NotConfirmed) Read(string repoRoot)
    {
        var payments = BillingConfigReader.ReadOrThrow(repoRoot, BillingConfigReader.ReadPayments);
        var methods = TopupMethods.Load(repoRoot);
        var file = BillingConfigReader.RelativePath(ConfigTables.Payments);
        var confirmed = new List<ConfirmedPayment>();
        var violations = new List<Violation>();
        foreach (var payment in payments.Where(p => Postable.Contains(p.Status)))
        {
            if (!TenantFolders.Exists(repoRoot, payment.TenantId))
            {
                violations.Add(new Violation(file, payment.Row, "tenant_id", payment.TenantId.Value, $"names no tenant: {TenantFolders.Folder}/{payment.TenantId.Value}/tenant.yml does not exist"));
            }
            if (methods.Find(payment.TopupMethodId.Value) is null)
            {
                violations.Add(new Violation(file, payment.Row, "topup_method_id", payment.TopupMethodId.Value, "names no top-up method"));
            }
            if (payment.AmountCredits.Value <= 0)
            {
                violations.Add(new Violation(file, payment.Row, "amount_credits", payment.AmountCredits.ToString(), "must be a positive whole number"));
            }
            confirmed.Add(new ConfirmedPayment(payment.Id, payment.TenantId, payment.TopupMethodId, payment.AmountCredits, payment.Reference, payment.Note));
        }
        if (violations.Count > 0)
        {
            throw PlatformException.BadInput(violations);
        }
        return (confirmed, payments.Count - confirmed.Count);
    }

    /// <param name="skipOverflow">
    /// False (the command): a payment that would overflow its tenant's balance rejects the run.
    /// True (the orchestrator): it stays unposted and its tenant is named, so other tenants go on.
    /// </param>
    public static ReconcileOutcome Apply(StateChange change, IReadOnlyList<ConfirmedPayment> confirmed, int notConfirmed, bool skipOverflow = false)
    {
        var posted = 0;
        var already = 0;
        var total = 0m;
        var overflowing = new Dictionary<TenantId, string>();
        foreach (var payment in confirmed)
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
        return new ReconcileOutcome(posted, already, notConfirmed, total, overflowing);
    }
}
