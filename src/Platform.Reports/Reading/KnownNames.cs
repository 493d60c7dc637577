using Platform.Domain.Errors;
using Platform.Repository.Tenants;

namespace Platform.Reports.Reading;

/// <summary>
/// What a view's filter may name (SPEC §9: a filter that names nothing is exit 2): a tenant or work
/// order of the repository, or one the billing state still holds rows of (its files may be gone).
/// </summary>
public static class KnownNames
{
    /// <summary>A valid tenant ID, or exit 2 naming the option.</summary>
    public static TenantId Tenant(string text, string field) => TenantId.Parse(text, field);

    /// <summary>A valid work order ID, or exit 2 naming the option.</summary>
    public static WorkOrderId WorkOrder(string text, string field) => WorkOrderId.Parse(text, field);

    public static bool TenantHasFile(string repoRoot, TenantId tenant) => TenantFolders.Exists(repoRoot, tenant);

    /// <summary>True when some tenant folder holds <c>workorders/&lt;id&gt;.yml</c>.</summary>
    public static bool WorkOrderHasFile(string repoRoot, WorkOrderId workOrder)
    {
        var tenants = Path.Combine(repoRoot, TenantFolders.Folder);
        return Directory.Exists(tenants) && Directory.EnumerateDirectories(tenants)
            .Any(folder => File.Exists(Path.Combine(folder, "workorders", workOrder.Value + ".yml")));
    }

    public static PlatformException NamesNothing(string field, string value, string where) =>
        PlatformException.BadInput(new Violation(null, null, field, value, $"names nothing: no such {where}"));
}
