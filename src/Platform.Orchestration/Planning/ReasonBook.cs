using Platform.Domain.Errors;
using Platform.Maintenance.Indexes;

namespace Platform.Orchestration.Planning;

/// <summary>
/// Reason codes and refund policy as maintenance recorded them: <c>ids/reason_registry.csv</c> maps
/// (scope, module, slug) to a code, <c>reason_policy.csv</c> says which codes are refundable.
/// </summary>
public sealed class ReasonBook
{
    private readonly Dictionary<(string Module, string Slug), string> codes = [];
    private readonly HashSet<string> refundable = new(StringComparer.Ordinal);

    public static ReasonBook Load(string repoRoot)
    {
        var errors = new List<Violation>();
        var registry = ExistingTable.Read(repoRoot, MaintenanceTables.ReasonRegistry, errors);
        var policy = ExistingTable.Read(repoRoot, MaintenanceTables.ReasonPolicy, errors);
        if (registry is null || policy is null)
        {
            errors.Add(new Violation(MaintenanceTables.RelativePath(MaintenanceTables.ReasonRegistry), null, null, null, "is missing: run platform maintenance"));
        }
        if (errors.Count > 0)
        {
            throw PlatformException.BadInput(errors);
        }
        var book = new ReasonBook();
        foreach (var row in registry!)
        {
            book.codes[(row[1] == "GLOBAL" ? "" : row[2], row[4])] = row[0];
        }
        foreach (var row in policy!.Where(r => r[1] == "true"))
        {
            book.refundable.Add(row[0]);
        }
        return book;
    }

    /// <summary>The code of a platform (GLOBAL) reason; maintenance guarantees every required slug has one.</summary>
    public string Global(string slug) => codes.TryGetValue(("", slug), out var code)
        ? code
        : throw PlatformException.BadInput(new Violation(MaintenanceTables.RelativePath(MaintenanceTables.ReasonRegistry), null, "reason_slug", slug, "has no reason code: run platform maintenance"));

    /// <summary>The code of a slug a module reported: its own reason first, else a GLOBAL one.</summary>
    public string ForModule(ModuleId module, string slug) => codes.TryGetValue((module.Value, slug), out var code) ? code : Global(slug);

    public bool IsRefundable(string code) => refundable.Contains(code);
}
