using Platform.Domain.Errors;
using Platform.Repository.MaintenanceState;

namespace Platform.Reports.Reasons;

/// <summary>One reason as <c>maintenance-state/reason_catalog.csv</c> lists it.</summary>
public sealed record ReasonEntry(string Code, string Scope, string ModuleId, string Slug, string Description);

/// <summary>
/// The reasons of <c>maintenance-state/reason_catalog.csv</c> by code, so views can say why a refund
/// or an adjustment was made. A repository without the file (never maintained) names codes only.
/// </summary>
public sealed class ReasonCatalog
{
    private static readonly TableSchema Table = MaintenanceTables.ReasonCatalog;
    private readonly Dictionary<string, ReasonEntry> byCode;

    private ReasonCatalog(Dictionary<string, ReasonEntry> byCode) => this.byCode = byCode;

    public static ReasonCatalog Read(string repoRoot)
    {
        var errors = new List<Violation>();
        var rows = ExistingTable.Read(repoRoot, Table, errors) ?? [];
        if (errors.Count > 0)
        {
            throw PlatformException.BadInput(errors);
        }
        var entries = new Dictionary<string, ReasonEntry>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            string Field(string name) => row[Table.IndexOf(name)];
            entries[Field("reason_code")] = new ReasonEntry(Field("reason_code"), Field("scope"), Field("module_id"), Field("reason_slug"), Field("description"));
        }
        return new ReasonCatalog(entries);
    }

    public ReasonEntry? Find(string code) => code.Length == 0 ? null : byCode.GetValueOrDefault(code);

    /// <summary>"slug: description" for a known code, the bare code otherwise, "" for none.</summary>
    public string Describe(string code) => Find(code) is { } reason ? $"{reason.Slug}: {reason.Description}" : code;
}
