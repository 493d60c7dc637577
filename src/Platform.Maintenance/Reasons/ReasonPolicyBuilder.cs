using Platform.Repository.MaintenanceState;
using Platform.Repository.Reasons;

namespace Platform.Maintenance.Reasons;

/// <summary>
/// reason_policy.csv: admin rows are kept exactly; each registry code without a row gets the default,
/// refundable for MODULE reasons (the tenant paid for work that failed on its own terms) and not for
/// GLOBAL ones (the orchestrator refunds those cases explicitly), except the few the platform's
/// operator causes (<see cref="GlobalSlugs.RefundableByDefault"/>).
/// </summary>
public static class ReasonPolicyBuilder
{
    public static IEnumerable<string[]> Rows(IReadOnlyList<RegistryEntry> registry, IReadOnlyList<IReadOnlyList<string>>? existing)
    {
        var rows = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var row in existing ?? [])
        {
            rows[ReasonPolicyRow.Read(row).ReasonCode] = row.ToArray();
        }
        foreach (var entry in registry.Where(e => !rows.ContainsKey(e.ReasonCode)))
        {
            var refundable = entry.Scope == "MODULE" || GlobalSlugs.RefundableByDefault.Contains(entry.ReasonSlug);
            var label = entry.Scope == "MODULE" ? $"MODULE {entry.ModuleId} {entry.ReasonSlug}" : $"GLOBAL {entry.ReasonSlug}";
            rows[entry.ReasonCode] = new ReasonPolicyRow(entry.ReasonCode, refundable, label).Fields;
        }
        return rows.Values;
    }
}
