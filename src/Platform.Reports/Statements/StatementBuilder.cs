using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.Domain.Time;
using Platform.Reports.Reading;
using Platform.Reports.Reasons;
using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Reports.Statements;

/// <summary>
/// Builds a tenant's statement from the ledger: transactions.csv and transaction_items.csv are
/// streamed at once (one per core) and only the tenant's rows are kept. Nothing is assumed: each
/// transaction must equal its items, the totals by kind (from the items) must equal the lines (from
/// the transactions), and the whole ledger of the tenant must equal its balance in tenants_credits.csv.
/// </summary>
public static class StatementBuilder
{
    private sealed record RawTransaction(string Id, string WorkOrder, string Type, long Amount, string CreatedAt, string Reason, string Note, string Metadata, int Row);

    private sealed record RawItem(string Id, string ModuleId, string Feature, string Type, long Amount, string Note);

    public static Statement Build(StateDirectory directory, ReasonCatalog reasons, TenantId tenant, StatementPeriod period, DateTimeOffset now) =>
        Build(directory, reasons, [tenant.Value], period, now)[tenant.Value];

    /// <summary>
    /// The statements of several tenants for one period from one pass over each ledger table (the
    /// dashboard builds every tenant's in batches), each checked as a single statement is.
    /// </summary>
    public static IReadOnlyDictionary<string, Statement> Build(
        StateDirectory directory, ReasonCatalog reasons, IReadOnlyCollection<string> tenants, StatementPeriod period, DateTimeOffset now)
    {
        var wanted = tenants.ToHashSet(StringComparer.Ordinal);
        var keep = wanted.GetAlternateLookup<ReadOnlySpan<char>>();
        Dictionary<string, List<RawItem>> items;
        Dictionary<string, TenantLedger> ledgers;
        if (wanted.Count == 1)
        {
            // One tenant: both tables at once, one per core; its items outside the period are few.
            var itemsTask = Task.Run(() => ReadItems(directory, keep, null));
            ledgers = ReadTransactions(directory, keep, period);
            items = itemsTask.GetAwaiter().GetResult();
        }
        else
        {
            // Many tenants (the dashboard): the period's transactions first, then only their items.
            ledgers = ReadTransactions(directory, keep, period);
            var lines = ledgers.Values.SelectMany(l => l.Lines).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
            items = ReadItems(directory, keep, lines);
        }
        var recorded = RecordedBalances(directory, keep);
        var generation = StateManifest.Read(directory.PathOf(BillingTables.ManifestFileName)).Generation;
        var made = Timestamp.ToText(now);
        return wanted.ToDictionary(t => t, t => Assemble(t, period, ledgers.GetValueOrDefault(t) ?? new TenantLedger(), items,
            recorded.GetValueOrDefault(t), reasons, made, generation), StringComparer.Ordinal);
    }

    private static Statement Assemble(string tenant, StatementPeriod period, TenantLedger ledger, Dictionary<string, List<RawItem>> items,
        (long Credits, int? Row) recorded, ReasonCatalog reasons, string made, long generation)
    {
        var (opening, lines, after) = (ledger.Opening, ledger.Lines, ledger.After);
        var statementLines = new List<StatementLine>(lines.Count);
        var totals = Enum.GetValues<LineKind>().ToDictionary(k => k, _ => (Items: 0, Amount: 0L));
        var balance = opening;
        foreach (var line in lines)
        {
            var lineItems = items.GetValueOrDefault(line.Id) ?? [];
            // Only top-ups, payments and adjustments are described from the metadata: charges need no JSON parse.
            var metadata = lineItems.Any(i => LineKinds.Of(i.Type, i.Feature) is LineKind.Topup or LineKind.Payment or LineKind.Adjustment)
                ? MetadataJson.Parse(line.Metadata) : null;
            var described = lineItems.Select(i => Describe(i, line, metadata, reasons)).ToList();
            var itemSum = 0L;
            foreach (var item in described)
            {
                itemSum = checked(itemSum + item.Amount);
                var total = totals[item.Kind];
                totals[item.Kind] = (total.Items + 1, checked(total.Amount + item.Amount));
            }
            if (itemSum != line.Amount)
            {
                throw Mismatch(BillingTables.Transactions.FileName, line.Row, "amount_credits", line.Amount,
                    $"differs from the sum of transaction {line.Id}'s {lineItems.Count} items in {BillingTables.TransactionItems.FileName} ({itemSum})");
            }
            balance = checked(balance + line.Amount);
            statementLines.Add(new StatementLine(line.Id, line.CreatedAt, line.Type, line.Amount, line.WorkOrder, line.Reason,
                reasons.Describe(line.Reason), line.Note, described, balance, line.Row));
        }
        var closing = checked(opening + lines.Sum(l => l.Amount));
        var byKind = totals.Select(t => new KindTotal(t.Key, t.Value.Items, t.Value.Amount)).ToList();
        if (byKind.Sum(t => t.Amount) != closing - opening || balance != closing)
        {
            throw Mismatch(BillingTables.TransactionItems.FileName, null, "amount_credits", byKind.Sum(t => t.Amount),
                $"totals by kind of tenant {tenant} do not add up to its closing balance {closing} minus its opening balance {opening}");
        }
        var whole = checked(closing + after);
        if (whole != recorded.Credits)
        {
            throw Mismatch(BillingTables.TenantsCredits.FileName, recorded.Row, "credits_available", recorded.Credits,
                $"differs from the sum of tenant {tenant}'s transactions ({whole}); run platform verify");
        }
        return new Statement(tenant, period, opening, statementLines, closing, byKind, made, generation, recorded.Row is not null);
    }

    private static PlatformException Mismatch(string file, int? row, string field, long value, string message) =>
        PlatformException.BadInput(new Violation(file, row, field, value.ToString(CultureInfo.InvariantCulture), message));

    /// <summary>One tenant's transactions: the sum before the period, the lines in it, the sum after it.</summary>
    private sealed class TenantLedger
    {
        public long Opening;
        public long After;
        public List<RawTransaction> Lines { get; } = [];
    }

    private static Dictionary<string, TenantLedger> ReadTransactions(StateDirectory directory, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> tenants, StatementPeriod period)
    {
        var schema = BillingTables.Transactions;
        int id = schema.IndexOf("transaction_id"), owner = schema.IndexOf("tenant_id"), workOrder = schema.IndexOf("work_order_id"),
            type = schema.IndexOf("type"), amount = schema.IndexOf("amount_credits"), created = schema.IndexOf("created_at"),
            reason = schema.IndexOf("reason_code"), note = schema.IndexOf("note"), metadata = schema.IndexOf("metadata_json");
        var ledgers = new Dictionary<string, TenantLedger>(StringComparer.Ordinal);
        var byName = ledgers.GetAlternateLookup<ReadOnlySpan<char>>();
        StateRows.Read(directory, schema, (row, number) =>
        {
            if (!byName.TryGetValue(row[owner], out var ledger))
            {
                tenants.TryGetValue(row[owner], out var name);
                ledgers[name!] = ledger = new TenantLedger();
            }
            var credits = long.Parse(row[amount], CultureInfo.InvariantCulture);
            if (period.IsBefore(row[created]))
            {
                ledger.Opening = checked(ledger.Opening + credits);
            }
            else if (period.IsAfter(row[created]))
            {
                ledger.After = checked(ledger.After + credits);
            }
            else
            {
                ledger.Lines.Add(new RawTransaction(row[id].ToString(), row[workOrder].ToString(), row[type].ToString(), credits, row[created].ToString(),
                    row[reason].ToString(), row[note].ToString(), row[metadata].ToString(), number));
            }
        }, row => tenants.Contains(row[owner]));
        return ledgers;
    }

    /// <param name="transactions">Only these transactions' items (null: every item of the tenants).</param>
    private static Dictionary<string, List<RawItem>> ReadItems(
        StateDirectory directory, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> tenants, HashSet<string>? transactions)
    {
        var schema = BillingTables.TransactionItems;
        int id = schema.IndexOf("transaction_item_id"), transaction = schema.IndexOf("transaction_id"), owner = schema.IndexOf("tenant_id"),
            module = schema.IndexOf("module_id"), feature = schema.IndexOf("feature"), type = schema.IndexOf("type"),
            amount = schema.IndexOf("amount_credits"), note = schema.IndexOf("note");
        var items = new Dictionary<string, List<RawItem>>(StringComparer.Ordinal);
        HashSet<string>.AlternateLookup<ReadOnlySpan<char>>? only = transactions?.GetAlternateLookup<ReadOnlySpan<char>>();
        StateRows.Read(directory, schema, (row, _) =>
        {
            var key = row[transaction].ToString();
            if (!items.TryGetValue(key, out var list))
            {
                items[key] = list = [];
            }
            list.Add(new RawItem(row[id].ToString(), row[module].ToString(), row[feature].ToString(), row[type].ToString(),
                long.Parse(row[amount], CultureInfo.InvariantCulture), row[note].ToString()));
        }, row => tenants.Contains(row[owner]) && (only is not { } ids || ids.Contains(row[transaction])));
        return items;
    }

    /// <summary>Each tenant's credits_available and its row in tenants_credits.csv (none for a tenant never posted to: 0 and no row).</summary>
    private static Dictionary<string, (long Credits, int? Row)> RecordedBalances(StateDirectory directory, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> tenants)
    {
        var schema = BillingTables.TenantsCredits;
        int owner = schema.IndexOf("tenant_id"), credits = schema.IndexOf("credits_available");
        var found = new Dictionary<string, (long, int?)>(StringComparer.Ordinal);
        StateRows.Read(directory, schema, (row, number) => found[row[owner].ToString()] = (long.Parse(row[credits], CultureInfo.InvariantCulture), number),
            row => tenants.Contains(row[owner]));
        return found;
    }

    private static StatementItem Describe(RawItem item, RawTransaction line, JsonObject? metadata, ReasonCatalog reasons)
    {
        var kind = LineKinds.Of(item.Type, item.Feature);
        var what = item.Feature == "SAVE_TO_RELEASE" ? "save to release" : "run";
        var reason = line.Reason.Length > 0 ? reasons.Describe(line.Reason) : item.Note;
        var description = kind switch
        {
            LineKind.Topup => Join(Field(metadata, "topup_method_id", "method"), Field(metadata, "reference", "reference"), item.Note),
            LineKind.Payment => Join(Field(metadata, "payment_id", "payment"), Field(metadata, "reference", "reference"), item.Note),
            LineKind.Charge => $"module {item.ModuleId} {what}",
            LineKind.Discount => "promotion " + (item.Note.Length > 0 ? item.Note : "(code not recorded)"),
            LineKind.Refund => Join($"module {item.ModuleId} {what}", reason),
            _ => Join(reason, Field(metadata, "reference", "reference"), line.Note),
        };
        return new StatementItem(item.Id, kind, item.ModuleId, item.Feature, item.Type, item.Amount, description);
    }

    private static string Join(params string?[] parts) => string.Join("; ", parts.Where(p => !string.IsNullOrEmpty(p)));

    private static string? Field(JsonObject? metadata, string key, string label) =>
        MetadataJson.Text(metadata, key) is { Length: > 0 } text ? $"{label} {text}" : null;

}
