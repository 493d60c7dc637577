using Platform.Files.Csv;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>A TOPUP as the ledger holds it: what a repeat of its idempotency key is compared with.</summary>
public sealed record PostedTopup(string Key, string TransactionId, string Tenant, long Amount, string Method, string Reference);

/// <summary>
/// Finds posted top-ups by idempotency key, reading <c>transactions.csv</c> once. The ledger keeps
/// only hashes of keys and fingerprints of top-ups (<see cref="TopupFingerprints"/>), so this is for
/// the rare repeat whose fingerprint differs (a conflict), never for every posting.
/// </summary>
public static class PostedTopups
{
    private static readonly int IdColumn = BillingTables.Transactions.IndexOf("transaction_id");
    private static readonly int TenantColumn = BillingTables.Transactions.IndexOf("tenant_id");
    private static readonly int TypeColumn = BillingTables.Transactions.IndexOf("type");
    private static readonly int AmountColumn = BillingTables.Transactions.IndexOf("amount_credits");
    private static readonly int MetadataColumn = BillingTables.Transactions.IndexOf("metadata_json");

    public static Dictionary<string, PostedTopup> Find(string transactionsPath, IReadOnlySet<string> keys)
    {
        var found = new Dictionary<string, PostedTopup>(StringComparer.Ordinal);
        if (keys.Count == 0 || !File.Exists(transactionsPath))
        {
            return found;
        }
        using var reader = CsvFormat.OpenReader(new FileStream(transactionsPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
        var header = true;
        while (reader.MoveNext() && found.Count < keys.Count)
        {
            var row = reader.Current;
            if (header || row.ColCount <= MetadataColumn || !row[TypeColumn].Span.SequenceEqual("TOPUP"))
            {
                header = false;
                continue;
            }
            var metadata = row[MetadataColumn].Span;
            if (!IdempotencyKey.TryFind(metadata, out var key) || key is null || !keys.Contains(key) || found.ContainsKey(key))
            {
                continue;
            }
            // The method is read as the top-up's fingerprint reads it (TransactionsScan), so both agree on what was posted.
            found[key] = new PostedTopup(key, row[IdColumn].ToString(), row[TenantColumn].ToString(),
                long.Parse(row[AmountColumn].Span, System.Globalization.CultureInfo.InvariantCulture),
                IdempotencyKey.TextOf(metadata, TopupFingerprint.MethodProperty), IdempotencyKey.TextOf(metadata, "reference"));
        }
        return found;
    }
}
