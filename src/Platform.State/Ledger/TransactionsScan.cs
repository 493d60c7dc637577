using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>
/// Scans <c>transactions.csv</c>: keeps each transaction's facts in file order, balances per tenant,
/// and the idempotency keys. Transaction IDs and keys are checked for duplicates by sorting once
/// the file is read; only when one exists is the file read again to name the rows.
/// </summary>
public sealed class TransactionsScan(ViolationLog log, int expectedRows = 0)
    : TableScan(BillingTables.Transactions, log)
{
    // Column positions, from the schema (static readonly: constants to the optimised scan loops).
    private static readonly int IdColumn = BillingTables.Transactions.IndexOf("transaction_id");
    private static readonly int TenantColumn = BillingTables.Transactions.IndexOf("tenant_id");
    private static readonly int TypeColumn = BillingTables.Transactions.IndexOf("type");
    private static readonly int AmountColumn = BillingTables.Transactions.IndexOf("amount_credits");
    private static readonly int MetadataColumn = BillingTables.Transactions.IndexOf("metadata_json");

    private readonly List<TransactionFact> facts = new(expectedRows);
    private readonly HashSet<int> duplicateRows = [];
    private HashSet<ulong>? seenDuplicateIds;
    private HashSet<UInt128>? seenDuplicateKeys;

    private int trustedCount;

    public PackedIdSet Ids { get; private set; } = new(expectedRows);

    public IdempotencyKeySet IdempotencyKeys { get; private set; } = new(expectedRows);

    /// <summary>Every posted TOPUP's key hash with a hash of its content: what a repeated payment or top-up is compared with.</summary>
    public TopupFingerprints Topups { get; private set; } = new(0);

    /// <summary>Every transaction in file order, repeated IDs included (see <see cref="IsCounted"/>).</summary>
    public ReadOnlySpan<TransactionFact> Facts => CollectionsMarshal.AsSpan(facts);

    public Dictionary<ulong, long> Balances { get; } = [];

    /// <summary>The number of transactions, a repeated ID counted once.</summary>
    public int Count => trustedCount + facts.Count - duplicateRows.Count;

    /// <summary>Takes the transactions of a trusted prefix from its facts instead of reading them (issue 12).</summary>
    public void Trust(PackedIdSet ids, IdempotencyKeySet keys, TopupFingerprints topups, IReadOnlyDictionary<ulong, long> balances, int count)
    {
        Ids = ids;
        IdempotencyKeys = keys;
        Topups = topups;
        trustedCount = count;
        foreach (var (tenant, balance) in balances)
        {
            Balances[tenant] = balance;
        }
    }

    /// <summary>False for a row that repeats an earlier transaction's ID: it is reported, not counted.</summary>
    public bool IsCounted(in TransactionFact fact) => duplicateRows.Count == 0 || !duplicateRows.Contains(fact.Row);

    protected override bool IsNewKey(ReadOnlySpan<char> key) =>
        !Ids.IsSealed || (LedgerText.TryPackId(key, out var id) && Ids.TryAdd(id));

    protected override void OnRow<TRow>(TRow row, int rowNumber) => Record(row, rowNumber);

    protected override void OnStreamedRow(StreamedRow row, int rowNumber) => Record(row, rowNumber);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Record<TRow>(TRow row, int rowNumber)
        where TRow : IRowView, allows ref struct
    {
        LedgerText.TryPackId(row[IdColumn], out var id);
        LedgerText.TryPackId(row[TenantColumn], out var tenant);
        var type = LedgerText.TransactionType(row[TypeColumn]);
        var amount = LedgerText.Amount(row[AmountColumn]);
        if (!Ids.IsSealed)
        {
            Ids.Append(id);
        }
        facts.Add(new TransactionFact(id, amount, tenant, rowNumber, type));
        ref var balance = ref CollectionsMarshal.GetValueRefOrAddDefault(Balances, tenant, out _);
        balance = checked(balance + amount);

        if (!IdempotencyKey.TryFindHash(row[MetadataColumn], out var hash, out var hasKey))
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "metadata_json", row[MetadataColumn].ToString(), "is not valid JSON"));
        }
        else if (hasKey && !IdempotencyKeys.IsSealed)
        {
            IdempotencyKeys.Append(hash);
        }
        else if (hasKey && !IdempotencyKeys.TryAdd(hash))
        {
            ReportRepeatedKey(row[MetadataColumn], rowNumber);
        }
        if (hasKey && type == TransactionType.Topup)
        {
            RecordTopup(hash, id, row[TenantColumn], row[MetadataColumn], amount);
        }
    }

    private void RecordTopup(UInt128 key, ulong id, ReadOnlySpan<char> tenant, ReadOnlySpan<char> metadataJson, long amount) =>
        Topups.Record(new TopupFingerprint(key, TopupFingerprint.ContentOf(tenant, IdempotencyKey.TextOf(metadataJson, TopupFingerprint.MethodProperty), amount), id));

    protected override void OnFileScanned()
    {
        var duplicateIds = Ids.Seal();
        var duplicateKeys = IdempotencyKeys.Seal();
        Topups.Seal();
        if (duplicateIds.Count > 0 || duplicateKeys.Count > 0)
        {
            seenDuplicateIds = [];
            seenDuplicateKeys = [];
            Replay();
            seenDuplicateIds = null;
            seenDuplicateKeys = null;
        }
    }

    /// <summary>
    /// The second pass: the first row with a repeated ID counts, later ones are reported and taken
    /// out of the balances; likewise the first posting of a repeated idempotency key.
    /// </summary>
    protected override void OnReplayedRow(StreamedRow row, int rowNumber)
    {
        LedgerText.TryPackId(row[IdColumn], out var id);
        if (Ids.Duplicates.Contains(id) && !seenDuplicateIds!.Add(id))
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "transaction_id", row[IdColumn].ToString(), "is duplicated"));
            duplicateRows.Add(rowNumber);
            LedgerText.TryPackId(row[TenantColumn], out var tenant);
            Balances[tenant] = checked(Balances[tenant] - LedgerText.Amount(row[AmountColumn]));
            return;
        }
        if (IdempotencyKey.TryFindHash(row[MetadataColumn], out var hash, out var hasKey) && hasKey
            && IdempotencyKeys.Duplicates.Contains(hash) && !seenDuplicateKeys!.Add(hash))
        {
            ReportRepeatedKey(row[MetadataColumn], rowNumber);
        }
    }

    private void ReportRepeatedKey(ReadOnlySpan<char> metadataJson, int rowNumber)
    {
        IdempotencyKey.TryFind(metadataJson, out var key);
        Log.Add(new Violation(Schema.FileName, rowNumber, "metadata_json", key, "repeats an idempotency key: the same posting was made twice"));
    }
}
