namespace Platform.Reports.Ledger;

/// <summary>One item of a ledger entry, as transaction_items.csv holds it.</summary>
public sealed record LedgerItem(string ItemId, string ModuleId, string Feature, string Type, long Amount, string Note);

/// <summary>One transaction of transactions.csv with its items and the reason's words.</summary>
public sealed record LedgerEntry(
    string TransactionId, string TenantId, string WorkOrderId, string Type, long Amount, string CreatedAt, string ReasonCode, string Reason,
    string Note, List<LedgerItem> Items);

/// <summary>What <c>platform ledger</c> asks for; <see cref="Limit"/> keeps the newest matches (0: all).</summary>
public sealed record LedgerFilter(TenantId? Tenant, WorkOrderId? WorkOrder, Statements.StatementPeriod Since, int Limit);

/// <summary>The newest matching entries, oldest first, and how many matched in all.</summary>
public sealed record LedgerPage(IReadOnlyList<LedgerEntry> Entries, long Matching);
