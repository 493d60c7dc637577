using Platform.Repository.MaintenanceState;
using Platform.Repository.Reasons;

namespace Platform.Maintenance.Reasons;

/// <summary>
/// The categories written to ids/category_registry.csv when it does not exist yet. After that the file
/// is the admins': maintenance keeps it byte for byte.
/// </summary>
public static class CategoryDefaults
{
    /// <summary>This platform's categories, then the Python platform's two-digit ones (its repositories use those).</summary>
    public static IReadOnlyList<string[]> Rows { get; } =
    [
        .. PythonCategories.Registry.Select(c => Category(c.Id, c.Name, c.Description)),
        Category("access", "Access", "The tenant may not use a resource (release consumers, artifacts)"),
        Category("billing", "Billing", "Credits, prices and promotions"),
        Category("cache", "Cache", "Reuse of cached module outputs"),
        Category("input", "Input", "Work order or module inputs are missing or invalid"),
        Category("module", "Module", "A module failed while running"),
        Category("output", "Output", "A module produced missing or invalid outputs"),
        Category("platform", "Platform", "A fault of the platform itself"),
        Category("tenant", "Tenant", "The tenant's account state"),
        Category("upstream", "Upstream", "A dependency or external service failed"),
        Category("workorder", "Work order", "The work order cannot be run as written"),
    ];

    private static string[] Category(string id, string name, string description) => MaintenanceTables.CategoryRegistry.RowOf(
        ("category_id", id), ("category_name", name), ("category_description", description), ("active", "true"));
}
