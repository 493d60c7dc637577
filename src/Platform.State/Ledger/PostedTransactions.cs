using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Ledger;

/// <summary>
/// Finds the transaction an idempotency key was posted with, for the rare command that must compare
/// what was posted with what is asked again (a reused reference with other content is a conflict).
/// The state keeps only hashes of keys, so this streams transactions.csv once.
/// </summary>
public static class PostedTransactions
{
    /// <summary>The fields of the tenant's transaction posted under <paramref name="key"/>, in schema order; null when none.</summary>
    public static string[]? Find(StateDirectory directory, TenantId tenant, string key)
    {
        var schema = BillingTables.Transactions;
        int owner = schema.IndexOf("tenant_id"), metadata = schema.IndexOf("metadata_json");
        string[]? found = null;
        StateRows.Read(directory, schema, (row, _) =>
        {
            if (found is null && IdempotencyKey.TryFind(row[metadata], out var posted) && posted == key)
            {
                found = new string[row.Count];
                for (var i = 0; i < found.Length; i++)
                {
                    found[i] = row[i].ToString();
                }
            }
        }, row => row[owner].SequenceEqual(tenant.Value));
        return found;
    }
}
