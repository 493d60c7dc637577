using Platform.Domain.Errors;
using Platform.Domain.Ids;

namespace Platform.Repository.MaintenanceState;

/// <summary>
/// For the orchestrator: the reason codes maintenance assigned (ids/reason_registry.csv) and which are
/// refundable (reason_policy.csv). Read after the staleness check, so every declared reason has a code.
/// </summary>
public sealed class ReasonCodeIndex
{
    private readonly Dictionary<(string Scope, string Module, string Slug), ReasonCode> codes;
    private readonly HashSet<ReasonCode> refundable;

    private ReasonCodeIndex(Dictionary<(string, string, string), ReasonCode> codes, HashSet<ReasonCode> refundable)
    {
        this.codes = codes;
        this.refundable = refundable;
    }

    /// <exception cref="PlatformException">When either file is missing or damaged (exit 2: run platform maintenance).</exception>
    public static ReasonCodeIndex Read(string repoRoot)
    {
        var errors = new List<Violation>();
        var registry = Require(repoRoot, MaintenanceTables.ReasonRegistry, errors);
        var policy = Require(repoRoot, MaintenanceTables.ReasonPolicy, errors);
        if (errors.Count > 0)
        {
            throw PlatformException.BadInput(errors);
        }
        var codes = new Dictionary<(string, string, string), ReasonCode>();
        foreach (var entry in registry.Select(RegistryEntry.Read))
        {
            codes[entry.Identity] = ReasonCode.Parse(entry.ReasonCode, "reason_code");
        }
        var refundable = policy.Select(ReasonPolicyRow.Read).Where(r => r.Refundable).Select(r => ReasonCode.Parse(r.ReasonCode, "reason_code")).ToHashSet();
        return new ReasonCodeIndex(codes, refundable);
    }

    public ReasonCode? Global(string slug) => codes.TryGetValue(("GLOBAL", "", slug), out var code) ? code : null;

    public ReasonCode? Module(ModuleId module, string slug) => codes.TryGetValue(("MODULE", module.Value, slug), out var code) ? code : null;

    /// <summary>Whether a FAILED module with this reason is refunded (reason_policy.csv; unknown codes are not).</summary>
    public bool IsRefundable(ReasonCode code) => refundable.Contains(code);

    private static IReadOnlyList<IReadOnlyList<string>> Require(string repoRoot, TableSchema table, List<Violation> errors)
    {
        var rows = ExistingTable.Read(repoRoot, table, errors);
        if (rows is null)
        {
            errors.Add(new Violation(MaintenanceTables.RelativePath(table), null, null, null, "is missing: run platform maintenance"));
            return [];
        }
        return rows;
    }
}
