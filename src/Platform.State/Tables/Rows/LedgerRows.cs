namespace Platform.State.Tables.Rows;

/// <summary>
/// One row of transactions.csv as the platform writes it. The ledger's large scans keep their own
/// column indexes (taken from the schema) for speed; everything else writes through this.
/// </summary>
public sealed record TransactionRow(
    string TransactionId, string TenantId, string WorkOrderId, string Type, string Amount, string CreatedAt, string ReasonCode, string Note, string MetadataJson)
{
    public IReadOnlyList<string> Fields() => BillingTables.Transactions.RowOf(
        ("transaction_id", TransactionId), ("tenant_id", TenantId), ("work_order_id", WorkOrderId), ("type", Type),
        ("amount_credits", Amount), ("created_at", CreatedAt), ("reason_code", ReasonCode), ("note", Note), ("metadata_json", MetadataJson));
}

/// <summary>One row of transaction_items.csv as the platform writes it.</summary>
public sealed record TransactionItemRow(
    string ItemId, string TransactionId, string TenantId, string ModuleId, string Feature, string Type, string Amount, string CreatedAt, string Note)
{
    public IReadOnlyList<string> Fields() => BillingTables.TransactionItems.RowOf(
        ("transaction_item_id", ItemId), ("transaction_id", TransactionId), ("tenant_id", TenantId), ("module_id", ModuleId),
        ("feature", Feature), ("type", Type), ("amount_credits", Amount), ("created_at", CreatedAt), ("note", Note), ("metadata_json", ""));
}

/// <summary>One row of tenants_credits.csv: a tenant's balance as of its last posting, and its status.</summary>
public sealed record TenantCreditsRow(string TenantId, string Credits, string UpdatedAt, string Status)
{
    private static readonly int TenantColumn = BillingTables.TenantsCredits.IndexOf("tenant_id");
    private static readonly int StatusColumn = BillingTables.TenantsCredits.IndexOf("status");

    /// <summary>The status field of a row as scanned.</summary>
    public static string StatusOf(IReadOnlyList<string> fields) => fields[StatusColumn];

    /// <summary>The tenant field of a row as scanned.</summary>
    public static string TenantOf(IReadOnlyList<string> fields) => fields[TenantColumn];

    public IReadOnlyList<string> Fields() => BillingTables.TenantsCredits.RowOf(
        ("tenant_id", TenantId), ("credits_available", Credits), ("updated_at", UpdatedAt), ("status", Status));
}

/// <summary>Columns of transactions.csv that code outside the ledger scans reads.</summary>
public static class TransactionColumns
{
    public static readonly int Tenant = BillingTables.Transactions.IndexOf("tenant_id");
}
