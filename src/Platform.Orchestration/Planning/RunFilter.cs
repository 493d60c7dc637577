using Platform.Domain.Errors;
using Platform.Repository.Loading;
using Platform.Repository.Tenants;

namespace Platform.Orchestration.Planning;

/// <summary><c>--tenant</c> and <c>--work-order</c> must name something: a typo is bad input, never an empty green run.</summary>
public static class RunFilter
{
    public static void RequireMatch(PlatformRepository repository, OrchestratorOptions options)
    {
        if (options.Tenant is { } tenant && !repository.TenantsById.ContainsKey(tenant))
        {
            throw PlatformException.BadInput(new Violation(null, null, "--tenant", tenant.Value,
                $"names no tenant: {TenantFolders.Folder}/{tenant.Value}/tenant.yml does not exist"));
        }
        if (options.WorkOrder is { } order
            && !repository.Tenants.Where(t => options.Tenant is null || t.Id == options.Tenant).SelectMany(t => t.WorkOrders).Any(o => o.Id == order))
        {
            throw PlatformException.BadInput(new Violation(null, null, "--work-order", order.Value,
                options.Tenant is { } scope ? $"names no work order of tenant {scope}" : "names no work order of any tenant"));
        }
    }
}
