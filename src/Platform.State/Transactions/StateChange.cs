using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;
using Platform.Domain.Time;
using Platform.State.Ledger;
using Platform.State.Tables;
using Platform.State.Tables.Rows;

namespace Platform.State.Transactions;

/// <summary>
/// What one state transaction will write: rows to append to the append-only tables, whole new
/// contents for the current-row tables, and new tenant statuses. Built in memory, checked, then committed.
/// </summary>
public sealed class StateChange(BillingState state, DateTimeOffset now)
{
    private static readonly JsonSerializerOptions MetadataJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Dictionary<TableSchema, List<IReadOnlyList<string>>> appends = [];
    private readonly Dictionary<TableSchema, IReadOnlyList<IReadOnlyList<string>>> replacements = [];
    private readonly HashSet<string> pendingIdempotencyKeys = new(StringComparer.Ordinal);
    private readonly Dictionary<TenantId, string> statuses = [];
    private readonly Dictionary<TenantId, Credits> pendingBalances = [];
    private readonly HashSet<(TableSchema, string)> pendingKeys = [];

    public DateTimeOffset Now => now;

    public string NowText { get; } = Timestamp.ToText(now);

    public bool IsEmpty => appends.Count == 0 && replacements.Count == 0 && statuses.Count == 0;

    public IReadOnlyDictionary<TableSchema, List<IReadOnlyList<string>>> Appends => appends;

    public IReadOnlyDictionary<TableSchema, IReadOnlyList<IReadOnlyList<string>>> Replacements => replacements;

    public IReadOnlyDictionary<TenantId, string> TenantStatuses => statuses;

    /// <summary>True when the key is posted already, in the state or earlier in this change.</summary>
    public bool IsPosted(string idempotencyKey) =>
        pendingIdempotencyKeys.Contains(idempotencyKey) || state.IsPosted(idempotencyKey);

    /// <summary>Top-ups the state holds under these keys (not those of this change), with their content.</summary>
    public IReadOnlyDictionary<string, PostedTopup> FindPostedTopups(IReadOnlySet<string> keys) => state.FindTopups(keys);

    /// <summary>See <see cref="BillingState.PostedAs"/> (the state's top-ups, not this change's).</summary>
    public TopupFingerprint? PostedAs(TopupContent content) => state.PostedAs(content);

    /// <summary>See <see cref="BillingState.PostedOtherwise"/> (the state's top-ups, not this change's).</summary>
    public IReadOnlyDictionary<string, PostedTopup> PostedOtherwise(IEnumerable<TopupContent> expected) => state.PostedOtherwise(expected);

    /// <summary>The tenant's balance with this change's postings applied.</summary>
    public Credits BalanceOf(TenantId tenant) => state.BalanceOf(tenant) + pendingBalances.GetValueOrDefault(tenant);

    /// <summary>
    /// Posts a transaction and its items unless its idempotency key is posted already.
    /// Returns the new transaction's ID, or null when it was posted before.
    /// </summary>
    public TransactionId? Post(Posting posting)
    {
        if (IsPosted(posting.IdempotencyKey))
        {
            return null;
        }
        // Both sums are checked before anything is recorded: an overflow leaves the change as it was.
        var pending = pendingBalances.GetValueOrDefault(posting.Tenant) + posting.Amount;
        _ = state.BalanceOf(posting.Tenant) + pending;
        pendingIdempotencyKeys.Add(posting.IdempotencyKey);
        pendingBalances[posting.Tenant] = pending;
        var transactionId = IdGenerator.New<TransactionKind>(state.IsTransactionIdTaken);
        var metadata = new JsonObject { [Ledger.IdempotencyKey.Property] = posting.IdempotencyKey };
        foreach (var (key, value) in posting.Metadata)
        {
            metadata[key] = value;
        }
        Append(BillingTables.Transactions, new TransactionRow(transactionId.Value, posting.Tenant.Value, posting.WorkOrder?.Value ?? "",
            posting.Type.Text(), posting.Amount.ToString(), NowText, posting.Reason?.Value ?? "", posting.Note, metadata.ToJsonString(MetadataJson)).Fields());
        foreach (var item in posting.Items)
        {
            var itemId = IdGenerator.New<TransactionItemKind>(state.IsItemIdTaken);
            Append(BillingTables.TransactionItems, new TransactionItemRow(itemId.Value, transactionId.Value, posting.Tenant.Value,
                item.Module?.Value ?? "", item.Feature.Text(), item.Type.Text(), item.Amount.ToString(), NowText, item.Note).Fields());
        }
        return transactionId;
    }

    /// <summary>Appends one row to an append-only table (logs, maps, redemptions).</summary>
    public void Append(TableSchema table, IReadOnlyList<string> fields)
    {
        if (!table.AppendOnly)
        {
            throw new InvalidOperationException($"{table.FileName} is not append-only; replace it instead.");
        }
        if (table.KeyColumn is int key)
        {
            pendingKeys.Add((table, fields[key]));
        }
        if (!appends.TryGetValue(table, out var rows))
        {
            appends[table] = rows = [];
        }
        rows.Add(fields);
    }

    /// <summary>True when a keyed table has a row with this key, in the state or appended by this change.</summary>
    public bool IsKeyTakenInTable(TableSchema table, string key) => pendingKeys.Contains((table, key)) || state.IsKeyTaken(table, key);

    /// <summary>Replaces the whole content of a current-row table (such as cache_index.csv).</summary>
    public void Replace(TableSchema table, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        if (table.AppendOnly || table == BillingTables.TenantsCredits)
        {
            throw new InvalidOperationException($"{table.FileName} cannot be replaced.");
        }
        replacements[table] = rows;
    }

    /// <summary>Records a tenant's status (ACTIVE or SUSPENDED) in tenants_credits.csv.</summary>
    public void SetTenantStatus(TenantId tenant, string status) => statuses[tenant] = status;
}
