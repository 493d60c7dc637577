using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>Scans <c>tenants_credits.csv</c>: one current row per tenant, never negative.</summary>
public sealed class TenantCreditsScan(ViolationLog log) : TableScan(BillingTables.TenantsCredits, log)
{
    public new Dictionary<ulong, (string[] Fields, long Credits, int Row)> Rows { get; } = [];

    public override void ResetRows()
    {
        base.ResetRows();
        Rows.Clear();
    }

    protected override void OnRow<TRow>(TRow row, int rowNumber)
    {
        LedgerText.TryPackId(row[0], out var tenant);
        Credits.TryParse(row[1], out var credits);
        if (credits.Value < 0)
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "credits_available", row[1].ToString(), "is negative; a balance never is"));
        }
        Rows[tenant] = ([row[0].ToString(), row[1].ToString(), row[2].ToString(), row[3].ToString()], credits.Value, rowNumber);
    }
}

/// <summary>Scans <c>github_releases_map.csv</c>, remembering release IDs for the assets map to resolve.</summary>
public sealed class ReleasesMapScan(ViolationLog log) : TableScan(BillingTables.ReleasesMap, log)
{
    public HashSet<string> ReleaseIds { get; } = new(StringComparer.Ordinal);

    protected override void OnRow<TRow>(TRow row, int rowNumber) => ReleaseIds.Add(row[0].ToString());
}

/// <summary>Scans <c>github_assets_map.csv</c>, remembering which release each asset names.</summary>
public sealed class AssetsMapScan(ViolationLog log) : TableScan(BillingTables.AssetsMap, log)
{
    public List<(string ReleaseId, int Row)> References { get; } = [];

    protected override void OnRow<TRow>(TRow row, int rowNumber) => References.Add((row[2].ToString(), rowNumber));
}
