using Platform.Repository.Config;
using Platform.Repository.Modules;
using Platform.Repository.MaintenanceState;

namespace Platform.Maintenance.Indexes;

/// <summary>The per-module indexes: dependency edges, requirements and whether artifacts may be sold.</summary>
public static class ModuleIndexes
{
    public static GeneratedFile Dependencies(IReadOnlyList<ModuleContract> modules) =>
        CsvRows.Sorted(MaintenanceTables.ModuleDependencyIndex,
            modules.SelectMany(m => m.DependsOn.Select(d => new[] { m.Id.Value, d.Value })));

    public static GeneratedFile Requirements(IReadOnlyList<ModuleContract> modules) =>
        CsvRows.Sorted(MaintenanceTables.ModuleRequirementsIndex,
            modules.SelectMany(m => m.Requirements.Select(r => new[] { m.Id.Value, r.Type, r.Key, r.Value, r.Note })));

    /// <summary>Artifacts are sold only when the module supports them and the platform policy enables them; notes say which forbids it.</summary>
    public static GeneratedFile ArtifactsPolicy(IReadOnlyList<ModuleContract> modules, PlatformPolicy policy) =>
        CsvRows.Sorted(MaintenanceTables.ModuleArtifactsPolicy, modules.Select(m =>
        {
            var (enabled, notes) = (m.SupportsDownloadableArtifacts, policy.PlatformArtifactsEnabledDefault) switch
            {
                (true, true) => ("true", "module supports downloadable artifacts; platform policy enables them"),
                (false, _) => ("false", "module does not support downloadable artifacts"),
                (true, false) => ("false", $"platform policy {PlatformPolicy.ArtifactsEnabledKey} is false"),
            };
            return new[] { m.Id.Value, enabled, notes };
        }));

    public static GeneratedFile Policy(PlatformPolicy policy) =>
        CsvRows.Sorted(MaintenanceTables.PlatformPolicy, policy.Entries.Select(e => new[] { e.Key, e.Value }));
}
