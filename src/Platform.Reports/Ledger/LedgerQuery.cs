using System.Globalization;
using Platform.Reports.Reading;
using Platform.Reports.Reasons;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Reports.Ledger;

/// <summary>
/// <c>platform ledger</c>: transactions matching the filter, newest <see cref="LedgerFilter.Limit"/>
/// kept, then their items from a second streamed pass. A tenant or work order named by the filter
/// must exist in the repository or in the ledger, or the query is refused (exit 2).
/// </summary>
public static class LedgerQuery
{
    public static LedgerPage Read(string repoRoot, StateDirectory directory, ReasonCatalog reasons, LedgerFilter filter)
    {
        var schema = BillingTables.Transactions;
        int id = schema.IndexOf("transaction_id"), owner = schema.IndexOf("tenant_id"), workOrder = schema.IndexOf("work_order_id"),
            type = schema.IndexOf("type"), amount = schema.IndexOf("amount_credits"), created = schema.IndexOf("created_at"),
            reason = schema.IndexOf("reason_code"), note = schema.IndexOf("note");
        var tenant = filter.Tenant?.Value;
        var order = filter.WorkOrder?.Value;
        bool tenantSeen = false, orderSeen = false;
        var kept = new Queue<LedgerEntry>();
        long matching = 0;
        StateRows.Read(directory, schema, (row, _) =>
        {
            var tenantMatches = tenant is null || row[owner].SequenceEqual(tenant);
            var orderMatches = order is null || row[workOrder].SequenceEqual(order);
            tenantSeen |= tenant is not null && tenantMatches;
            orderSeen |= order is not null && orderMatches;
            if (!tenantMatches || !orderMatches || filter.Since.IsBefore(row[created]))
            {
                return;
            }
            matching++;
            kept.Enqueue(new LedgerEntry(row[id].ToString(), row[owner].ToString(), row[workOrder].ToString(), row[type].ToString(),
                long.Parse(row[amount], CultureInfo.InvariantCulture), row[created].ToString(), row[reason].ToString(),
                reasons.Describe(row[reason].ToString()), row[note].ToString(), []));
            if (filter.Limit > 0 && kept.Count > filter.Limit)
            {
                kept.Dequeue();
            }
        });
        if (filter.Tenant is { } t && !tenantSeen && !KnownNames.TenantHasFile(repoRoot, t))
        {
            throw KnownNames.NamesNothing("--tenant", t.Value, "tenant in tenants/ or the ledger");
        }
        if (filter.WorkOrder is { } w && !orderSeen && !KnownNames.WorkOrderHasFile(repoRoot, w))
        {
            throw KnownNames.NamesNothing("--work-order", w.Value, "work order in tenants/*/workorders/ or the ledger");
        }
        var entries = kept.ToList();
        AddItems(directory, entries);
        return new LedgerPage(entries, matching);
    }

    private static void AddItems(StateDirectory directory, List<LedgerEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var byId = entries.ToDictionary(e => e.TransactionId, StringComparer.Ordinal);
        var schema = BillingTables.TransactionItems;
        int id = schema.IndexOf("transaction_item_id"), transaction = schema.IndexOf("transaction_id"), module = schema.IndexOf("module_id"),
            feature = schema.IndexOf("feature"), type = schema.IndexOf("type"), amount = schema.IndexOf("amount_credits"), note = schema.IndexOf("note");
        var lookup = byId.GetAlternateLookup<ReadOnlySpan<char>>();
        StateRows.Read(directory, schema, (row, _) =>
        {
            if (lookup.TryGetValue(row[transaction], out var entry))
            {
                entry.Items.Add(new LedgerItem(row[id].ToString(), row[module].ToString(), row[feature].ToString(), row[type].ToString(),
                    long.Parse(row[amount], CultureInfo.InvariantCulture), row[note].ToString()));
            }
        }, row => lookup.ContainsKey(row[transaction]));
    }
}
