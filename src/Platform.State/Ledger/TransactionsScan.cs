using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>What the ledger keeps of one transaction: enough to join items and sum balances.</summary>
public record struct TransactionFacts(long Amount, ulong Tenant, TransactionType Type, int Row);

/// <summary>Scans <c>transactions.csv</c>: signs by type, balances per tenant, idempotency keys.</summary>
public sealed class TransactionsScan(ViolationLog log, int expectedRows = 0)
    : TableScan(BillingTables.Transactions, log)
{
    public Dictionary<ulong, TransactionFacts> Transactions { get; } = new(expectedRows);

    public Dictionary<ulong, long> Balances { get; } = [];

    public HashSet<UInt128> IdempotencyKeys { get; } = new(expectedRows);

    protected override bool IsNewKey(ReadOnlySpan<char> key) =>
        Base62.TryPack(IdKind.Transaction, key, out var id) && !Transactions.ContainsKey(id);

    protected override void OnRow<TRow>(TRow row, int rowNumber)
    {
        Base62.TryPack(IdKind.Transaction, row[0], out var id);
        Base62.TryPack(IdKind.Tenant, row[1], out var tenant);
        LedgerTerms.TryParseTransactionType(row[3], out var type);
        Credits.TryParse(row[4], out var amount);
        Transactions.Add(id, new TransactionFacts(amount.Value, tenant, type, rowNumber));
        ref var balance = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Balances, tenant, out _);
        balance = checked(balance + amount.Value);

        if (!IdempotencyKey.TryFind(row[8], out var idem))
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "metadata_json", row[8].ToString(), "is not valid JSON"));
        }
        else if (idem is not null && !IdempotencyKeys.Add(IdempotencyKey.Hash(idem)))
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "metadata_json", idem, "repeats an idempotency key: the same posting was made twice"));
        }
    }
}
