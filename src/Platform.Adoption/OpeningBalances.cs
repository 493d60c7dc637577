using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Adoption;

/// <summary>One tenant's balance that no transaction explained, and the posting that now explains it.</summary>
public sealed record OpeningBalance(TenantId Tenant, Credits Recorded, Credits Explained, TransactionId? TransactionId)
{
    public Credits Difference => Recorded - Explained;

    public string Line(bool dryRun) =>
        $"{(dryRun ? "would post" : "posted")} opening balance of {Tenant}: {(Difference.Value > 0 ? "TOPUP" : "SPEND")} of {Difference} credits" +
        (TransactionId is { } id && !dryRun ? $" (transaction {id})" : "") +
        $"; tenants_credits.csv said {Recorded}, its transactions summed to {Explained}";
}

/// <summary>
/// A state the Python platform wrote may hold balances no transaction explains (its sample gives
/// tenant nxlkGI 100 credits with none). The ledger rule is balance = sum of transactions, so each
/// such balance becomes one explicit ADJUSTMENT posting per tenant (a TOPUP, or a SPEND when the
/// recorded balance is the smaller), keyed by tenant so it is posted once; never accepted or dropped silently.
/// </summary>
public static class OpeningBalances
{
    public const string Note = "opening balance adopted from the Python platform";

    public static IReadOnlyList<OpeningBalance> Post(BillingState state, StateChange change)
    {
        var posted = new List<OpeningBalance>();
        foreach (var (tenant, recorded, explained) in state.UnexplainedBalances())
        {
            var difference = recorded - explained;
            var (type, itemType) = difference.Value > 0 ? (TransactionType.Topup, ItemType.Topup) : (TransactionType.Spend, ItemType.Spend);
            var posting = new Posting(tenant, type, LedgerKeys.OpeningBalance(tenant),
                [new PostingItem(null, Feature.Adjustment, itemType, difference, Note)], note: Note,
                metadata: new Dictionary<string, string> { ["adopted_balance"] = recorded.ToString() });
            var id = change.Post(posting);
            if (id is null)
            {
                throw PlatformException.BadInput(new Violation(BillingTables.TenantsCredits.FileName, null, "credits_available", recorded.ToString(),
                    $"of {tenant} differs from the sum of its transactions ({explained}) though its opening balance was posted before; correct it with a new transaction"));
            }
            posted.Add(new OpeningBalance(tenant, recorded, explained, id));
        }
        return posted;
    }
}
