namespace Platform.State.Tables.Rows;

/// <summary>One row of github_releases_map.csv: an internal release ID and the store's own release.</summary>
public sealed record ReleaseMapRow(string ReleaseId, string StoreReleaseId, string Tag, string TenantId, string WorkOrderId, string CreatedAt)
{
    public IReadOnlyList<string> Fields() => BillingTables.ReleasesMap.RowOf(
        ("release_id", ReleaseId), ("github_release_id", StoreReleaseId), ("tag", Tag), ("tenant_id", TenantId),
        ("work_order_id", WorkOrderId), ("created_at", CreatedAt));
}

/// <summary>One row of github_assets_map.csv: an internal asset ID and the store's own asset.</summary>
public sealed record AssetMapRow(string AssetId, string StoreAssetId, string ReleaseId, string AssetName, string CreatedAt)
{
    public IReadOnlyList<string> Fields() => BillingTables.AssetsMap.RowOf(
        ("asset_id", AssetId), ("github_asset_id", StoreAssetId), ("release_id", ReleaseId), ("asset_name", AssetName), ("created_at", CreatedAt));
}
