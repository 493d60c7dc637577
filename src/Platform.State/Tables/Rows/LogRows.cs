namespace Platform.State.Tables.Rows;

/// <summary>One row of workorders_log.csv: a work order's charge (RUNNING) or its final status.</summary>
public sealed record WorkOrderLogRow(
    string WorkOrderId, string TenantId, string Status, string CreatedAt, string StartedAt, string EndedAt, string Note, string MetadataJson)
{
    private static readonly TableSchema Table = BillingTables.WorkOrdersLog;

    public IReadOnlyList<string> Fields() => Table.RowOf(
        ("work_order_id", WorkOrderId), ("tenant_id", TenantId), ("status", Status), ("created_at", CreatedAt),
        ("started_at", StartedAt), ("ended_at", EndedAt), ("note", Note), ("metadata_json", MetadataJson));

    public static WorkOrderLogRow Read(IReadOnlyList<string> fields) => new(
        fields[Table.IndexOf("work_order_id")], fields[Table.IndexOf("tenant_id")], fields[Table.IndexOf("status")],
        fields[Table.IndexOf("created_at")], fields[Table.IndexOf("started_at")], fields[Table.IndexOf("ended_at")],
        fields[Table.IndexOf("note")], fields[Table.IndexOf("metadata_json")]);
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
    public IReadOnlyList<string> Fields() => BillingTables.PromotionRedemptions.RowOf(
        ("redemption_id", RedemptionId), ("tenant_id", TenantId), ("promo_code", PromoCode), ("credits_granted", CreditsGranted),
        ("created_at", CreatedAt), ("note", Note), ("metadata_json", MetadataJson));
}
