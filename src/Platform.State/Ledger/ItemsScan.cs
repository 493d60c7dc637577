using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>
/// Scans <c>transaction_items.csv</c>: signs and features by type, and the items summed into
/// <see cref="Runs"/> of consecutive items of one transaction (no per-transaction dictionary: items
/// follow their transaction). Item IDs are checked for duplicates by sorting once the file is read;
/// only when one exists is the file read again, to name the rows and sum the runs without them.
/// </summary>
public sealed class ItemsScan(ViolationLog log, int expectedRows = 0)
    : PackedIdScan(BillingTables.TransactionItems, log, expectedRows)
{
    // Column positions, from the schema (static readonly: constants to the optimised scan loops).
    private static readonly int IdColumn = BillingTables.TransactionItems.IndexOf("transaction_item_id");
    private static readonly int TransactionColumn = BillingTables.TransactionItems.IndexOf("transaction_id");
    private static readonly int TenantColumn = BillingTables.TransactionItems.IndexOf("tenant_id");
    private static readonly int FeatureColumn = BillingTables.TransactionItems.IndexOf("feature");
    private static readonly int TypeColumn = BillingTables.TransactionItems.IndexOf("type");
    private static readonly int AmountColumn = BillingTables.TransactionItems.IndexOf("amount_credits");

    private readonly List<ItemRun> runs = new(expectedRows / 2);

    /// <summary>The items in file order, consecutive items of one transaction summed together.</summary>
    public ReadOnlySpan<ItemRun> Runs => CollectionsMarshal.AsSpan(runs);

    public bool IsTaken(ulong itemId) => Ids.SealAndContains(itemId);

    protected override void OnRow<TRow>(TRow row, int rowNumber) => Record(row, rowNumber);

    protected override void OnStreamedRow(StreamedRow row, int rowNumber) => Record(row, rowNumber);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Record<TRow>(TRow row, int rowNumber)
        where TRow : IRowView, allows ref struct
    {
        RecordId(row[IdColumn]);
        var feature = LedgerText.Feature(row[FeatureColumn]);
        var type = LedgerText.ItemType(row[TypeColumn]);
        var amount = LedgerText.Amount(row[AmountColumn]);
        var problem = LedgerRules.ItemAmountProblem(type, amount);
        if (problem is not null)
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "amount_credits", row[AmountColumn].ToString(), problem));
        }
        problem = LedgerRules.ItemFeatureProblem(type, feature);
        if (problem is not null)
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "feature", row[FeatureColumn].ToString(), problem));
        }
        Sum(row, type, amount, rowNumber);
    }

    protected override void BeforeReplay() => runs.Clear();

    /// <summary>The second pass sums the items again without those whose ID repeats an earlier one.</summary>
    protected override void OnCountedRow(StreamedRow row, int rowNumber) =>
        Sum(row, LedgerText.ItemType(row[TypeColumn]), LedgerText.Amount(row[AmountColumn]), rowNumber);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Sum<TRow>(TRow row, ItemType type, long amount, int rowNumber)
        where TRow : IRowView, allows ref struct
    {
        LedgerText.TryPackId(row[TransactionColumn], out var transaction);
        LedgerText.TryPackId(row[TenantColumn], out var tenant);
        var all = CollectionsMarshal.AsSpan(runs);
        if (all.Length == 0 || all[^1].Transaction != transaction)
        {
            runs.Add(new ItemRun(transaction, 0, tenant, rowNumber, 0, false));
            all = CollectionsMarshal.AsSpan(runs);
        }
        ref var run = ref all[^1];
        run.Sum = checked(run.Sum + amount);
        run.TypeMask |= (byte)(1 << (int)type);
        run.MixedTenants |= run.Tenant != tenant;
    }
}
