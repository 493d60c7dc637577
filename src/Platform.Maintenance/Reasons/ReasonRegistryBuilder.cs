using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Maintenance.Indexes;
using Platform.Repository.Reasons;
using Platform.Repository.MaintenanceState;

namespace Platform.Maintenance.Reasons;

/// <summary>
/// Assigns reason codes. A reason keeps its code forever, matched by (scope, module, slug); a new
/// reason gets a random code no registry row has ever held. Rows of reasons no longer declared stay,
/// so old ledger rows still resolve and their codes are never handed out again.
/// </summary>
public static class ReasonRegistryBuilder
{
    /// <summary>Registry entries in identity order (scope, module, slug).</summary>
    public static IReadOnlyList<RegistryEntry> Build(IEnumerable<ReasonDefinition> reasons, IReadOnlyList<IReadOnlyList<string>>? existing, ICollection<Violation> errors)
    {
        var byIdentity = new Dictionary<(string, string, string), RegistryEntry>();
        var codes = new HashSet<string>(StringComparer.Ordinal);
        var relative = MaintenanceTables.RelativePath(MaintenanceTables.ReasonRegistry);
        foreach (var row in existing ?? [])
        {
            var entry = RegistryEntry.Read(row);
            codes.Add(entry.ReasonCode);
            if (!byIdentity.TryAdd(entry.Identity, entry))
            {
                errors.Add(new Violation(relative, null, "reason_slug", $"{entry.Scope}/{entry.ModuleId}/{entry.ReasonSlug}",
                    "the same reason has two codes; keep the one the ledger uses and delete the other row"));
            }
        }
        foreach (var reason in reasons)
        {
            var identity = (reason.ScopeText, reason.ModuleText, reason.Slug);
            var code = byIdentity.TryGetValue(identity, out var known)
                ? known.ReasonCode
                : IdGenerator.NewValue(IdKind.ReasonCode, codes.Contains);
            codes.Add(code);
            byIdentity[identity] = new RegistryEntry(code, reason.ScopeText, reason.ModuleText, reason.Key.Value, reason.Slug, reason.CategoryId, reason.Description, Current: true);
        }
        return byIdentity.Values
            .OrderBy(e => e.Scope, StringComparer.Ordinal)
            .ThenBy(e => e.ModuleId, StringComparer.Ordinal)
            .ThenBy(e => e.ReasonSlug, StringComparer.Ordinal)
            .ToArray();
    }
}
