using System.Globalization;
using Platform.Domain.Errors;
using Platform.Reports.Reading;
using Platform.Repository.Loading;
using Platform.Repository.Tenants;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Reports.Balances;

/// <summary>
/// One tenant's line of <c>platform balance</c>: its status as tenant.yml says (what the orchestrator
/// honours; the state's own status for a tenant whose folder is gone), its credits and last posting.
/// </summary>
public sealed record TenantBalance(string TenantId, string Status, long Credits, string LastActivity, bool HasTenantFile);

/// <summary>
/// Every tenant's balance: the tenants of the billing state (tenants_credits.csv, one current row
/// each) and of the repository (<c>tenants/</c>, 0 credits until a first posting), in ID order.
/// </summary>
public static class BalanceSheet
{
    public static IReadOnlyList<TenantBalance> Read(string repoRoot, StateDirectory directory, string? tenantFilter = null)
    {
        var schema = BillingTables.TenantsCredits;
        int id = schema.IndexOf("tenant_id"), credits = schema.IndexOf("credits_available"), updated = schema.IndexOf("updated_at"), status = schema.IndexOf("status");
        var rows = new Dictionary<string, (long Credits, string Updated, string Status)>(StringComparer.Ordinal);
        StateRows.Read(directory, schema, (row, _) =>
        {
            if (tenantFilter is null || row[id].SequenceEqual(tenantFilter))
            {
                rows[row[id].ToString()] = (long.Parse(row[credits], CultureInfo.InvariantCulture), row[updated].ToString(), row[status].ToString());
            }
        });
        var folders = tenantFilter is null ? TenantFolderNames(repoRoot) : KnownNames.TenantHasFile(repoRoot, KnownNames.Tenant(tenantFilter, "--tenant")) ? [tenantFilter] : [];
        var names = rows.Keys.Concat(folders).Distinct().Order(StringComparer.Ordinal).ToArray();
        if (tenantFilter is not null && names.Length == 0)
        {
            throw KnownNames.NamesNothing("--tenant", tenantFilter, $"tenant in {TenantFolders.Folder}/ or {schema.FileName}");
        }
        var folderSet = folders.ToHashSet(StringComparer.Ordinal);
        var balances = new TenantBalance[names.Length];
        // tenant.yml files are read in parallel: a large repository holds thousands.
        Parallel.For(0, names.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            var name = names[i];
            var row = rows.GetValueOrDefault(name, (0, "", "ACTIVE"));
            var fileStatus = folderSet.Contains(name) ? StatusInFile(repoRoot, name) : null;
            balances[i] = new TenantBalance(name, fileStatus ?? row.Status, row.Credits, row.Updated, folderSet.Contains(name));
        });
        return balances;
    }

    private static List<string> TenantFolderNames(string repoRoot)
    {
        var folder = Path.Combine(repoRoot, TenantFolders.Folder);
        return Directory.Exists(folder)
            ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>()
                .Where(n => TenantId.TryParse(n, out var id) && File.Exists(TenantFolders.TenantFile(repoRoot, id))).ToList()
            : [];
    }

    /// <summary>ACTIVE or SUSPENDED as tenant.yml says; null when the file does not parse (verify names why).</summary>
    private static string? StatusInFile(string repoRoot, string tenant)
    {
        var errors = new List<Violation>();
        var yaml = YamlFileReader.Read(repoRoot, $"{TenantFolders.Folder}/{tenant}/tenant.yml", errors);
        TenantId.TryParse(tenant, out var id);
        var parsed = yaml is null ? null : TenantParser.Parse(yaml, id, []);
        return parsed?.Status switch
        {
            TenantStatus.Active => "ACTIVE",
            TenantStatus.Suspended => "SUSPENDED",
            _ => null,
        };
    }
}
