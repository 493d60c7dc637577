using Platform.Repository.Config;
using Platform.Repository.Modules;
using Platform.Repository.Reasons;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;

namespace Platform.Repository.Loading;

/// <summary>
/// Everything admins manage in one platform repository, parsed and immutable: modules (ID order),
/// global reasons, tenants (ID order) with their work orders (file-name order), policy and billing config.
/// </summary>
public sealed record PlatformRepository(
    string Root,
    IReadOnlyList<ModuleContract> Modules,
    IReadOnlyList<ReasonDefinition> GlobalReasons,
    IReadOnlyList<Tenant> Tenants,
    PlatformPolicy Policy,
    BillingConfig Billing)
{
    private readonly Dictionary<ModuleId, ModuleContract> modulesById = Modules.ToDictionary(m => m.Id);
    private readonly Dictionary<TenantId, Tenant> tenantsById = Tenants.ToDictionary(t => t.Id);

    public IReadOnlyDictionary<ModuleId, ModuleContract> ModulesById => modulesById;

    public IReadOnlyDictionary<TenantId, Tenant> TenantsById => tenantsById;

    /// <summary>Global reasons first, then each module's, in module ID order.</summary>
    public IEnumerable<ReasonDefinition> AllReasons => GlobalReasons.Concat(Modules.SelectMany(m => m.Reasons));

    /// <summary>Every work order, tenants in ID order, each tenant's in file-name order.</summary>
    public IEnumerable<WorkOrder> WorkOrders => Tenants.SelectMany(t => t.WorkOrders);

    public ReasonDefinition? FindGlobalReason(string slug) => GlobalReasons.FirstOrDefault(r => r.Slug == slug);
}
