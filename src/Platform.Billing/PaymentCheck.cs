using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.Repository.Config;
using Platform.Repository.Tenants;
using Platform.State.Ledger;

namespace Platform.Billing;

/// <summary>One confirmed payment ready to post, with the payments.csv row it came from.</summary>
public sealed record ConfirmedPayment(PaymentId Id, TenantId Tenant, TopupMethodId Method, Credits Amount, string Reference, string Note,
    long Row, bool MethodEnabled)
{
    public string IdempotencyKey => LedgerKeys.Payment(Id);
}

/// <summary>
/// The one check of <c>config/billing/payments.csv</c>: reconcile-payments, the orchestrator and
/// verify all use it, so what verify passes the others accept and what they refuse verify lists.
/// </summary>
public sealed record PaymentCheck(IReadOnlyList<ConfirmedPayment> Confirmed, int NotConfirmed, IReadOnlyList<Violation> Problems)
{
    private static readonly string[] Postable = ["CONFIRMED", "SETTLED"];
    private static readonly string File = BillingConfigReader.RelativePath(ConfigTables.Payments);

    /// <summary>The file alone: header, fields, duplicate payment_ids, tenants and methods that exist, positive amounts.</summary>
    public static PaymentCheck Of(string repoRoot)
    {
        var problems = new List<Violation>();
        var payments = BillingConfigReader.ReadPayments(repoRoot, problems);
        var methods = new TopupMethods(BillingConfigReader.ReadTopupMethods(repoRoot, problems));
        var confirmed = new List<ConfirmedPayment>();
        foreach (var payment in payments.Where(p => Postable.Contains(p.Status)))
        {
            if (!TenantFolders.Exists(repoRoot, payment.TenantId))
            {
                problems.Add(new Violation(File, payment.Row, "tenant_id", payment.TenantId.Value, $"names no tenant: {TenantFolders.Folder}/{payment.TenantId.Value}/tenant.yml does not exist"));
            }
            var method = methods.Find(payment.TopupMethodId.Value);
            if (method is null)
            {
                problems.Add(new Violation(File, payment.Row, "topup_method_id", payment.TopupMethodId.Value, "names no top-up method"));
            }
            if (payment.AmountCredits.Value <= 0)
            {
                problems.Add(new Violation(File, payment.Row, "amount_credits", payment.AmountCredits.ToString(), "must be a positive whole number"));
            }
            confirmed.Add(new ConfirmedPayment(payment.Id, payment.TenantId, payment.TopupMethodId, payment.AmountCredits, payment.Reference, payment.Note,
                payment.Row, method?.Enabled ?? false));
        }
        return new PaymentCheck(confirmed, payments.Count - confirmed.Count, problems);
    }

    /// <summary>The file checked; a bad-input error listing every problem otherwise.</summary>
    public PaymentCheck ThrowIfAny() => Problems.Count > 0 ? throw PlatformException.BadInput(Problems) : this;

    /// <summary>
    /// The file against the ledger: a row posted already must still say what was posted (an edit is
    /// a conflict: a new payment needs a new payment_id), and a disabled method takes no new payment.
    /// </summary>
    /// <param name="postedOtherwise">The posted top-ups among those given whose content differs (see <c>BillingState.PostedOtherwise</c>).</param>
    public IReadOnlyList<Violation> AgainstLedger(Func<string, bool> isPosted, Func<IEnumerable<TopupContent>, IReadOnlyDictionary<string, PostedTopup>> postedOtherwise)
    {
        var problems = new List<Violation>();
        var posted = Confirmed.Where(p => isPosted(p.IdempotencyKey)).ToList();
        foreach (var payment in Confirmed.Except(posted).Where(p => !p.MethodEnabled))
        {
            problems.Add(new Violation(File, payment.Row, "topup_method_id", payment.Method.Value, "names a disabled top-up method; it takes no new payments"));
        }
        var found = posted.Count == 0 ? new Dictionary<string, PostedTopup>()
            : postedOtherwise(posted.Select(p => new TopupContent(p.IdempotencyKey, p.Tenant.Value, p.Method.Value, p.Amount.Value)));
        foreach (var payment in posted)
        {
            if (found.GetValueOrDefault(payment.IdempotencyKey) is { } was && Edited(payment, was) is { } edit)
            {
                problems.Add(edit);
            }
        }
        return problems;
    }

    private static Violation? Edited(ConfirmedPayment now, PostedTopup was)
    {
        var changes = new List<(string Field, string Posted, string Now)>();
        if (was.Tenant != now.Tenant.Value)
        {
            changes.Add(("tenant_id", was.Tenant, now.Tenant.Value));
        }
        if (was.Method != now.Method.Value)
        {
            changes.Add(("topup_method_id", was.Method, now.Method.Value));
        }
        if (was.Amount != now.Amount.Value)
        {
            changes.Add(("amount_credits", was.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), now.Amount.ToString()));
        }
        if (changes.Count == 0)
        {
            return null;
        }
        var what = string.Join(", ", changes.Select(c => $"{c.Field} {c.Posted} posted, {c.Now} now"));
        return new Violation(File, now.Row, changes[0].Field, changes[0].Now,
            $"conflict: payment {now.Id} was edited after it was posted as transaction {was.TransactionId} ({what}); nothing changed; a posted payment stays as it is: record a new payment_id");
    }
}
