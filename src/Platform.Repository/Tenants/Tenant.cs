using Platform.Repository.WorkOrders;

namespace Platform.Repository.Tenants;

/// <summary>
/// A tenant from <c>tenants/&lt;tenant_id&gt;/tenant.yml</c> with its work orders in file-name order.
/// <see cref="Billing"/> is the free-form billing block as plain values.
/// </summary>
public sealed record Tenant(
    TenantId Id,
    string Name,
    TenantStatus Status,
    IReadOnlyList<TenantId> AllowReleaseConsumers,
    IReadOnlyDictionary<string, object?> Billing,
    IReadOnlyList<WorkOrder> WorkOrders,
    string File);
