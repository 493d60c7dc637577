using Platform.Repository.Tenants;
using Platform.Repository.MaintenanceState;

namespace Platform.Maintenance.Indexes;

/// <summary>The per-tenant indexes: who may reuse whose released outputs, and the work orders.</summary>
public static class TenantIndexes
{
    /// <summary>Each tenant to itself, plus each consumer it allows.</summary>
    public static GeneratedFile Relationships(IReadOnlyList<Tenant> tenants)
    {
        var rows = new List<string[]>(tenants.Count * 2);
        foreach (var tenant in tenants)
        {
            rows.Add(Relationship(tenant.Id, tenant.Id));
            var consumers = tenant.AllowReleaseConsumers;
            for (var k = 0; k < consumers.Count; k++)
            {
                if (consumers[k] != tenant.Id && !NamedBefore(consumers, k))
                {
                    rows.Add(Relationship(tenant.Id, consumers[k]));
                }
            }
        }
        return CsvRows.Sorted(MaintenanceTables.TenantRelationships, rows);
    }

    /// <summary>Whether the consumer at <paramref name="index"/> is listed earlier too (lists are a handful long).</summary>
    private static bool NamedBefore(IReadOnlyList<TenantId> consumers, int index)
    {
        for (var k = 0; k < index; k++)
        {
            if (consumers[k] == consumers[index])
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// One row per work order; lists joined with spaces (IDs never contain one). Tenants are already in
    /// ID order and their work orders in file-name order, which is the key order.
    /// Plain loops: this runs once per work order, ten thousand times in a large repository.
    /// </summary>
    public static GeneratedFile WorkOrders(IReadOnlyList<Tenant> tenants)
    {
        var rows = new List<string[]>();
        var modules = new List<string>();
        foreach (var tenant in tenants)
        {
            foreach (var order in tenant.WorkOrders)
            {
                modules.Clear();
                foreach (var step in order.Steps)
                {
                    modules.Add(step.ModuleId.Value);
                }
                rows.Add(MaintenanceTables.WorkOrdersIndex.RowOf(
                    ("tenant_id", order.TenantId.Value),
                    ("work_order_id", order.Id.Value),
                    ("enabled", order.Enabled ? "true" : "false"),
                    ("mode", order.ModeText),
                    ("module_ids", string.Join(' ', modules)),
                    ("promotions", string.Join(' ', order.Promotions)),
                    ("valid", order.IsValid ? "true" : "false"),
                    ("revision_sha256", order.Revision)));
            }
        }
        return CsvRows.InOrder(MaintenanceTables.WorkOrdersIndex, rows, tracksWorkOrders: true);
    }

    private static string[] Relationship(TenantId source, TenantId target) =>
        MaintenanceTables.TenantRelationships.RowOf(("source_tenant_id", source.Value), ("target_tenant_id", target.Value));
}
