using Platform.Domain.Ids;
using static Platform.Files.Tables.FieldRule;

namespace Platform.Repository.MaintenanceState;

/// <summary>
/// The files of maintenance-state/ (SPEC §6) with their exact headers. The rules matter for the three
/// files maintenance reads back (category registry, reason registry, reason policy), which admins may edit.
/// </summary>
public static class MaintenanceTables
{
    public const string Folder = "maintenance-state";

    public static readonly TableSchema CategoryRegistry = new(
        "ids/category_registry.csv",
        [new("category_id", AnyText), new("category_name", AnyText), new("category_description", AnyText), new("active", OneOf("true", "false"))],
        KeyColumn: 0,
        AppendOnly: false);

    public static readonly TableSchema ReasonRegistry = new(
        "ids/reason_registry.csv",
        [
            new("reason_code", Id(IdKind.ReasonCode)), new("scope", OneOf("GLOBAL", "MODULE")), new("module_id", OptionalId(IdKind.Module)),
            new("reason_key", Id(IdKind.ReasonKey)), new("reason_slug", AnyText), new("category_id", AnyText), new("description", AnyText),
        ],
        KeyColumn: 0,
        AppendOnly: false);

    public static readonly TableSchema ReasonCatalog = Text("reason_catalog.csv",
        "reason_code", "scope", "module_id", "reason_key", "reason_slug", "category_id", "category_name", "description");

    public static readonly TableSchema ReasonPolicy = new(
        "reason_policy.csv",
        [new("reason_code", Id(IdKind.ReasonCode)), new("refundable", OneOf("true", "false")), new("notes", AnyText)],
        KeyColumn: 0,
        AppendOnly: false);

    public static readonly TableSchema TenantRelationships = Text("tenant_relationships.csv", "source_tenant_id", "target_tenant_id");

    public static readonly TableSchema ModuleDependencyIndex = Text("module_dependency_index.csv", "module_id", "depends_on_module_id");

    public static readonly TableSchema ModuleRequirementsIndex = Text("module_requirements_index.csv",
        "module_id", "requirement_type", "requirement_key", "requirement_value", "note");

    public static readonly TableSchema ModuleArtifactsPolicy = Text("module_artifacts_policy.csv", "module_id", "platform_artifacts_enabled", "notes");

    public static readonly TableSchema PlatformPolicy = Text("platform_policy.csv", "policy_key", "policy_value");

    /// <summary>Our choice of columns (SPEC leaves them open): one row per work order, in tenant then file order.</summary>
    public static readonly TableSchema WorkOrdersIndex = Text("workorders_index.csv",
        "tenant_id", "work_order_id", "enabled", "mode", "module_ids", "promotions", "valid", "revision_sha256");

    public static readonly TableSchema Manifest = Text("maintenance_manifest.csv", "file", "sha256");

    public static string RelativePath(TableSchema table) => $"{Folder}/{table.FileName}";

    private static TableSchema Text(string file, params string[] columns) =>
        new(file, columns.Select(c => new Column(c, AnyText)).ToArray(), KeyColumn: null, AppendOnly: false);
}
