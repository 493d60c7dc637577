using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>Scans <c>tenants_credits.csv</c>: one current row per tenant, never negative.</summary>
public sealed class TenantCreditsScan(ViolationLog log) : TableScan(BillingTables.TenantsCredits, log)
{
    private static readonly int TenantColumn = BillingTables.TenantsCredits.IndexOf("tenant_id");
    private static readonly int CreditsColumn = BillingTables.TenantsCredits.IndexOf("credits_available");

    public new Dictionary<ulong, (string[] Fields, long Credits, int Row)> Rows { get; } = [];

    public override void ResetRows()
    {
        base.ResetRows();
        Rows.Clear();
    }

    protected override void OnRow<TRow>(TRow row, int rowNumber)
    {
        LedgerText.TryPackId(row[TenantColumn], out var tenant);
        Credits.TryParse(row[CreditsColumn], out var credits);
        if (credits.Value < 0)
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "credits_available", row[CreditsColumn].ToString(), "is negative; a balance never is"));
        }
        var fields = new string[Schema.Columns.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = row[i].ToString();
        }
        Rows[tenant] = (fields, credits.Value, rowNumber);
    }
}

/// <summary>Scans <c>github_releases_map.csv</c>, remembering release IDs for the assets map to resolve.</summary>
public sealed class ReleasesMapScan(ViolationLog log) : TableScan(BillingTables.ReleasesMap, log)
{
    public HashSet<string> ReleaseIds { get; } = new(StringComparer.Ordinal);

    private static readonly int IdColumn = BillingTables.ReleasesMap.IndexOf("release_id");

    protected override void OnRow<TRow>(TRow row, int rowNumber) => ReleaseIds.Add(row[IdColumn].ToString());
}

/// <summary>Scans <c>github_assets_map.csv</c>, remembering which release each asset names.</summary>
public sealed class AssetsMapScan(ViolationLog log) : TableScan(BillingTables.AssetsMap, log)
{
    public List<(string ReleaseId, int Row)> References { get; } = [];

    private static readonly int ReleaseColumn = BillingTables.AssetsMap.IndexOf("release_id");

    protected override void OnRow<TRow>(TRow row, int rowNumber) => References.Add((row[ReleaseColumn].ToString(), rowNumber));
}
