using Platform.Domain.Ids;
using Platform.Domain.Ledger;
using static Platform.Files.Tables.FieldRule;

namespace Platform.State.Tables;

/// <summary>The billing-state v1 tables with their exact headers, as the earlier Python platform wrote them.</summary>
public static class BillingTables
{
    public const string ManifestFileName = "state_manifest.json";

    public static readonly TableSchema TenantsCredits = new(
        "tenants_credits.csv",
        [
            new("tenant_id", Id(IdKind.Tenant)),
            new("credits_available", Amount),
            new("updated_at", Time),
            // The Python platform wrote the status in lower case; read as it is, written upper case.
            new("status", OneOf("ACTIVE", "SUSPENDED", "active", "suspended")),
        ],
        KeyColumn: 0,
        AppendOnly: false);

    public static readonly TableSchema Transactions = new(
        "transactions.csv",
        [
            new("transaction_id", Id(IdKind.Transaction)),
            new("tenant_id", Id(IdKind.Tenant)),
            new("work_order_id", OptionalId(IdKind.WorkOrder)),
            new("type", OneOf([.. LedgerTerms.TransactionTypes])),
            new("amount_credits", Amount),
            new("created_at", Time),
            new("reason_code", OptionalId(IdKind.ReasonCode)),
            new("note", AnyText),
            new("metadata_json", Json),
        ],
        KeyColumn: 0,
        AppendOnly: true);

    public static readonly TableSchema TransactionItems = new(
        "transaction_items.csv",
        [
            new("transaction_item_id", Id(IdKind.TransactionItem)),
            new("transaction_id", Id(IdKind.Transaction)),
            new("tenant_id", Id(IdKind.Tenant)),
            new("module_id", OptionalId(IdKind.Module)),
            new("feature", OneOf([.. LedgerTerms.Features])),
            new("type", OneOf([.. LedgerTerms.ItemTypes])),
            new("amount_credits", Amount),
            new("created_at", Time),
            new("note", AnyText),
            new("metadata_json", Json),
        ],
        KeyColumn: 0,
        AppendOnly: true);

    public static readonly TableSchema PromotionRedemptions = new(
        "promotion_redemptions.csv",
        [
            new("redemption_id", Id(IdKind.Redemption)),
            new("tenant_id", Id(IdKind.Tenant)),
            new("promo_code", AnyText),
            new("credits_granted", Amount),
            new("created_at", Time),
            new("note", AnyText),
            new("metadata_json", Json),
        ],
        KeyColumn: 0,
        AppendOnly: true);

    public static readonly TableSchema CacheIndex = new(
        "cache_index.csv",
        [
            new("cache_key", AnyText),
            new("tenant_id", Id(IdKind.Tenant)),
            new("module_id", Id(IdKind.Module)),
            new("created_at", Time),
            new("expires_at", Time),
            new("cache_id", AnyText),
        ],
        KeyColumn: 0,
        AppendOnly: false);

    public static readonly TableSchema WorkOrdersLog = new(
        "workorders_log.csv",
        [
            new("work_order_id", Id(IdKind.WorkOrder)),
            new("tenant_id", Id(IdKind.Tenant)),
            new("status", AnyText),
            new("created_at", Time),
            new("started_at", OptionalTime),
            new("ended_at", OptionalTime),
            new("note", AnyText),
            new("metadata_json", Json),
        ],
        KeyColumn: null,
        AppendOnly: true);

    public static readonly TableSchema ModuleRunsLog = new(
        "module_runs_log.csv",
        [
            new("module_run_id", Id(IdKind.ModuleRun)),
            new("tenant_id", Id(IdKind.Tenant)),
            new("work_order_id", Id(IdKind.WorkOrder)),
            new("module_id", Id(IdKind.Module)),
            new("status", AnyText),
            new("created_at", Time),
            new("started_at", OptionalTime),
            new("ended_at", OptionalTime),
            new("reason_code", OptionalId(IdKind.ReasonCode)),
            new("report_path", AnyText),
            new("output_ref", AnyText),
            new("metadata_json", Json),
        ],
        KeyColumn: 0,
        AppendOnly: true);

    public static readonly TableSchema ReleasesMap = new(
        "github_releases_map.csv",
        [
            new("release_id", Id(IdKind.ReleaseAsset)),
            new("github_release_id", AnyText),
            new("tag", AnyText),
            new("tenant_id", Id(IdKind.Tenant)),
            new("work_order_id", OptionalId(IdKind.WorkOrder)),
            new("created_at", Time),
        ],
        KeyColumn: 0,
        AppendOnly: true);

    public static readonly TableSchema AssetsMap = new(
        "github_assets_map.csv",
        [
            new("asset_id", Id(IdKind.ReleaseAsset)),
            new("github_asset_id", AnyText),
            new("release_id", Id(IdKind.ReleaseAsset)),
            new("asset_name", AnyText),
            new("created_at", Time),
        ],
        KeyColumn: 0,
        AppendOnly: true);

    /// <summary>Every CSV asset of the billing-state release, in manifest order.</summary>
    public static IReadOnlyList<TableSchema> All { get; } =
    [
        TenantsCredits, Transactions, TransactionItems, PromotionRedemptions, CacheIndex,
        WorkOrdersLog, ModuleRunsLog, ReleasesMap, AssetsMap,
    ];

    public static TableSchema? Find(string fileName) => All.FirstOrDefault(t => t.FileName == fileName);
}
