using Platform.Domain.Errors;
using Platform.Repository.Loading;

namespace Platform.Maintenance.Running;

/// <summary>
/// For the orchestrator: is maintenance-state/ stale for modules, reasons, tenants or config? Work
/// order edits never need maintenance, so the work orders index and the manifest that hashes it are
/// not compared. Returns the stale files (relative paths), empty when up to date.
/// </summary>
public static class MaintenanceStaleness
{
    /// <exception cref="PlatformException">When the admin-editable maintenance-state files are damaged.</exception>
    public static IReadOnlyList<string> FindForOrchestrator(PlatformRepository repository)
    {
        var errors = new List<Violation>();
        var files = MaintenanceGenerator.Generate(repository, errors, new List<Violation>());
        if (errors.Count > 0)
        {
            throw PlatformException.BadInput(errors);
        }
        return MaintenanceDiff.Changed(repository.Root, files.Where(f => !f.TracksWorkOrders))
            .Select(f => f.RelativePath)
            .Order(StringComparer.Ordinal)
            .ToArray();
    }
}
