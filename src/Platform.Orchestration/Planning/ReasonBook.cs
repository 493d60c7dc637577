using Platform.Domain.Errors;
using Platform.Repository.MaintenanceState;

namespace Platform.Orchestration.Planning;

/// <summary>
/// The orchestrator's view of the reason codes maintenance assigned: a module's slug resolves to its
/// own reason first, then to a GLOBAL one; a slug with no code is a stale maintenance-state.
/// </summary>
public sealed class ReasonBook(ReasonCodeIndex index)
{
    public static ReasonBook Load(string repoRoot) => new(ReasonCodeIndex.Read(repoRoot));

    public string Global(string slug) => (index.Global(slug) ?? throw Missing(slug)).Value;

    public string ForModule(ModuleId module, string slug) => (index.Module(module, slug) ?? index.Global(slug) ?? throw Missing(slug)).Value;

    public bool IsRefundable(string code) => ReasonCode.TryParse(code, out var parsed) && index.IsRefundable(parsed);

    private static PlatformException Missing(string slug) =>
        PlatformException.BadInput(new Violation(MaintenanceTables.RelativePath(MaintenanceTables.ReasonRegistry), null, "reason_slug", slug, "has no reason code: run platform maintenance"));
}
