using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>What the ledger keeps of one transaction's items: their sum, tenant and types.</summary>
public record struct ItemTotals(long Sum, ulong Tenant, int FirstRow, byte TypeMask, bool MixedTenants);

/// <summary>Scans <c>transaction_items.csv</c>: signs and features by type, totals per transaction.</summary>
public sealed class ItemsScan(ViolationLog log, int expectedRows = 0)
    : TableScan(BillingTables.TransactionItems, log)
{
    private readonly HashSet<ulong> itemIds = new(expectedRows);

    public Dictionary<ulong, ItemTotals> Totals { get; } = new(expectedRows / 2);

    public bool IsTaken(ulong itemId) => itemIds.Contains(itemId);

    protected override bool IsNewKey(ReadOnlySpan<char> key) =>
        Base62.TryPack(IdKind.TransactionItem, key, out var id) && itemIds.Add(id);

    protected override void OnRow<TRow>(TRow row, int rowNumber)
    {
        Base62.TryPack(IdKind.Transaction, row[1], out var transaction);
        Base62.TryPack(IdKind.Tenant, row[2], out var tenant);
        LedgerTerms.TryParseFeature(row[4], out var feature);
        LedgerTerms.TryParseItemType(row[5], out var type);
        Credits.TryParse(row[6], out var amount);

        var problem = LedgerRules.ItemAmountProblem(type, amount.Value);
        if (problem is not null)
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "amount_credits", row[6].ToString(), problem));
        }
        problem = LedgerRules.ItemFeatureProblem(type, feature);
        if (problem is not null)
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "feature", row[4].ToString(), problem));
        }

        ref var totals = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Totals, transaction, out var exists);
        if (!exists)
        {
            totals = new ItemTotals(0, tenant, rowNumber, 0, false);
        }
        totals.Sum = checked(totals.Sum + amount.Value);
        totals.TypeMask |= (byte)(1 << (int)type);
        totals.MixedTenants |= totals.Tenant != tenant;
    }
}
