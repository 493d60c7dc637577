namespace Platform.State.Tables.Rows;

/// <summary>One row of workorders_log.csv: a work order's charge (RUNNING) or its final status.</summary>
public sealed record WorkOrderLogRow(
    string WorkOrderId, string TenantId, string Status, string CreatedAt, string StartedAt, string EndedAt, string Note, string MetadataJson)
{
    private static readonly TableSchema Table = BillingTables.WorkOrdersLog;

    // Read for every row of a log that only grows: positions looked up once.
    private static readonly int[] Columns = [.. new[] { "work_order_id", "tenant_id", "status", "created_at", "started_at", "ended_at", "note", "metadata_json" }
        .Select(Table.IndexOf)];

    public IReadOnlyList<string> Fields() => Table.RowOf(
        ("work_order_id", WorkOrderId), ("tenant_id", TenantId), ("status", Status), ("created_at", CreatedAt),
        ("started_at", StartedAt), ("ended_at", EndedAt), ("note", Note), ("metadata_json", MetadataJson));

    public static WorkOrderLogRow Read(IReadOnlyList<string> fields) => new(
        fields[Columns[0]], fields[Columns[1]], fields[Columns[2]], fields[Columns[3]],
        fields[Columns[4]], fields[Columns[5]], fields[Columns[6]], fields[Columns[7]]);
}

/// <summary>One row of module_runs_log.csv: how one module run of a work order ended.</summary>
public sealed record ModuleRunLogRow(
    string ModuleRunId, string TenantId, string WorkOrderId, string ModuleId, string Status, string CreatedAt, string StartedAt, string EndedAt,
    string ReasonCode, string ReportPath, string OutputRef, string MetadataJson)
{
    public IReadOnlyList<string> Fields() => BillingTables.ModuleRunsLog.RowOf(
        ("module_run_id", ModuleRunId), ("tenant_id", TenantId), ("work_order_id", WorkOrderId), ("module_id", ModuleId), ("status", Status),
        ("created_at", CreatedAt), ("started_at", StartedAt), ("ended_at", EndedAt), ("reason_code", ReasonCode), ("report_path", ReportPath),
        ("output_ref", OutputRef), ("metadata_json", MetadataJson));
}

/// <summary>One row of promotion_redemptions.csv: a promotion code's discount granted to a tenant.</summary>
public sealed record RedemptionRow(string RedemptionId, string TenantId, string PromoCode, string CreditsGranted, string CreatedAt, string Note, string MetadataJson)
{
    private static readonly TableSchema Table = BillingTables.PromotionRedemptions;

    private static readonly int[] Columns = [.. new[] { "redemption_id", "tenant_id", "promo_code", "credits_granted", "created_at", "note", "metadata_json" }
        .Select(Table.IndexOf)];

    public static RedemptionRow Read(IReadOnlyList<string> fields) => new(
        fields[Columns[0]], fields[Columns[1]], fields[Columns[2]], fields[Columns[3]], fields[Columns[4]], fields[Columns[5]], fields[Columns[6]]);

    public IReadOnlyList<string> Fields() => Table.RowOf(
        ("redemption_id", RedemptionId), ("tenant_id", TenantId), ("promo_code", PromoCode), ("credits_granted", CreditsGranted),
        ("created_at", CreatedAt), ("note", Note), ("metadata_json", MetadataJson));
}
