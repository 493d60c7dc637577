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
    public string IdempotencyKey => $"payment:{Id.Value}";
}

public sealed record ReconcileOutcome(int Posted, int AlreadyPosted, int NotConfirmed, Credits CreditsPosted);

/// <summary>
/// Posts each CONFIRMED or SETTLED row of <c>config/billing/payments.csv</c> exactly once, keyed by
/// payment_id. The whole file is checked first: one bad row rejects the run and changes nothing.
/// </summary>
public static class PaymentReconciler
{
    private static readonly string[] Postable = ["CONFIRMED", "SETTLED"];

    public static (IReadOnlyList<ConfirmedPayment> Confirmed, int NotConfirmed) Read(string repoRoot)
    {
        var table = ConfigTable.Read(repoRoot, ConfigTables.Payments);
        var methods = TopupMethods.Load(repoRoot);
        var confirmed = new List<ConfirmedPayment>();
        var violations = new List<Violation>();
        var notConfirmed = 0;
        foreach (var (row, fields) in table.Numbered())
        {
            if (!Postable.Contains(fields[6]))
            {
                notConfirmed++;
                continue;
            }
            try
            {
                var tenant = TenantFolders.RequireExisting(repoRoot, fields[1], "tenant_id", table.DisplayPath, row);
                if (methods.Find(fields[2]) is null)
                {
                    throw PlatformException.BadInput(new Violation(table.DisplayPath, row, "topup_method_id", fields[2], "names no top-up method"));
                }
                var amount = Credits.ParsePositive(fields[3], "amount_credits", table.DisplayPath, row);
                confirmed.Add(new ConfirmedPayment(PaymentId.Parse(fields[0], "payment_id", table.DisplayPath, row), tenant,
                    TopupMethodId.Parse(fields[2], "topup_method_id", table.DisplayPath, row), amount, fields[4], fields[7]));
            }
            catch (PlatformException e)
            {
                violations.AddRange(e.Violations);
            }
        }
        if (violations.Count > 0)
        {
            throw PlatformException.BadInput(violations);
        }
        return (confirmed, notConfirmed);
    }

    public static ReconcileOutcome Apply(StateChange change, IReadOnlyList<ConfirmedPayment> confirmed, int notConfirmed)
    {
        var posted = 0;
        var already = 0;
        var total = Credits.Zero;
        foreach (var payment in confirmed)
        {
            var posting = new Posting(
                payment.Tenant,
                TransactionType.Topup,
                payment.IdempotencyKey,
                [new PostingItem(null, Feature.Payment, ItemType.Topup, payment.Amount, payment.Note)],
                note: payment.Note,
                metadata: new Dictionary<string, string>
                {
                    ["payment_id"] = payment.Id.Value,
                    ["topup_method_id"] = payment.Method.Value,
                    ["reference"] = payment.Reference,
                });
            if (change.Post(posting) is null)
            {
                already++;
            }
            else
            {
                posted++;
                total += payment.Amount;
            }
        }
        return new ReconcileOutcome(posted, already, notConfirmed, total);
    }
}
