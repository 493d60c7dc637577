namespace Platform.Maintenance.Reasons;

/// <summary>
/// The categories written to ids/category_registry.csv when it does not exist yet. After that the file
/// is the admins': maintenance keeps it byte for byte.
/// </summary>
public static class CategoryDefaults
{
    public static IReadOnlyList<string[]> Rows { get; } =
    [
        ["access", "Access", "The tenant may not use a resource (release consumers, artifacts)", "true"],
        ["billing", "Billing", "Credits, prices and promotions", "true"],
        ["cache", "Cache", "Reuse of cached module outputs", "true"],
        ["input", "Input", "Work order or module inputs are missing or invalid", "true"],
        ["module", "Module", "A module failed while running", "true"],
        ["output", "Output", "A module produced missing or invalid outputs", "true"],
        ["platform", "Platform", "A fault of the platform itself", "true"],
        ["tenant", "Tenant", "The tenant's account state", "true"],
        ["upstream", "Upstream", "A dependency or external service failed", "true"],
        ["workorder", "Work order", "The work order cannot be run as written", "true"],
    ];
}
