using Platform.Repository.Config;
using Platform.Repository.Modules;
using Platform.Repository.MaintenanceState;

namespace Platform.Maintenance.Indexes;

/// <summary>The per-module indexes: dependency edges, requirements and whether artifacts may be sold.</summary>
public static class ModuleIndexes
{
    public static GeneratedFile Dependencies(IReadOnlyList<ModuleContract> modules) =>
        CsvRows.Sorted(MaintenanceTables.ModuleDependencyIndex,
            modules.SelectMany(m => m.DependsOn.Select(d => MaintenanceTables.ModuleDependencyIndex.RowOf(("module_id", m.Id.Value), ("depends_on_module_id", d.Value)))));

    public static GeneratedFile Requirements(IReadOnlyList<ModuleContract> modules) =>
        CsvRows.Sorted(MaintenanceTables.ModuleRequirementsIndex,
            modules.SelectMany(m => m.Requirements.Select(r => MaintenanceTables.ModuleRequirementsIndex.RowOf(
                ("module_id", m.Id.Value), ("requirement_type", r.Type), ("requirement_key", r.Key), ("requirement_value", r.Value), ("note", r.Note)))));

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
            return MaintenanceTables.ModuleArtifactsPolicy.RowOf(("module_id", m.Id.Value), ("platform_artifacts_enabled", enabled), ("notes", notes));
        }));

    public static GeneratedFile Policy(PlatformPolicy policy) =>
        CsvRows.Sorted(MaintenanceTables.PlatformPolicy, policy.Entries.Select(e => MaintenanceTables.PlatformPolicy.RowOf(("policy_key", e.Key), ("policy_value", e.Value))));
}
