using Platform.Repository.Tenants;

namespace Platform.Maintenance.Indexes;

/// <summary>The per-tenant indexes: who may reuse whose released outputs, and the work orders.</summary>
public static class TenantIndexes
{
    /// <summary>Each tenant to itself, plus each consumer it allows.</summary>
    public static GeneratedFile Relationships(IReadOnlyList<Tenant> tenants) =>
        CsvRows.Sorted(MaintenanceTables.TenantRelationships, tenants
            .SelectMany(t => t.AllowReleaseConsumers.Prepend(t.Id).Distinct().Select(c => new[] { t.Id.Value, c.Value })));

    /// <summary>
    /// One row per work order; lists joined with spaces (IDs never contain one). Tenants are already in
    /// ID order and their work orders in file-name order, which is the key order.
    /// </summary>
    public static GeneratedFile WorkOrders(IReadOnlyList<Tenant> tenants) =>
        CsvRows.InOrder(MaintenanceTables.WorkOrdersIndex, tenants.SelectMany(t => t.WorkOrders).Select(w => new[]
        {
            w.TenantId.Value,
            w.Id.Value,
            w.Enabled ? "true" : "false",
            w.ModeText,
            string.Join(' ', w.Steps.Select(s => s.ModuleId.Value)),
            string.Join(' ', w.Promotions),
            w.IsValid ? "true" : "false",
            w.Revision,
        }), tracksWorkOrders: true);
}
