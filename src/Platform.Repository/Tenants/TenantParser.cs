using Platform.Domain.Ids;
using Platform.Repository.WorkOrders;
using Platform.Repository.Yaml;

namespace Platform.Repository.Tenants;

/// <summary>Reads tenant.yml; every problem is an error (a tenant file is admin configuration, not a work order).</summary>
public static class TenantParser
{
    public static Tenant? Parse(YamlFields yaml, TenantId folderId, IReadOnlyList<WorkOrder> workOrders)
    {
        var errorsBefore = yaml.Sink.Count;
        var id = yaml.Id<TenantKind>("tenant_id");
        if (id is TenantId declared && declared != folderId)
        {
            yaml.Report("tenant_id", declared.Value, $"must equal the tenant folder name '{folderId}'");
        }
        var name = yaml.Text("tenant_name") ?? "";
        var statusText = yaml.Text("status") ?? "ACTIVE";
        var status = TenantStatus.Active;
        // The Python platform wrote the status in lower case (active); either case is read.
        switch (statusText.ToUpperInvariant())
        {
            case "ACTIVE":
                break;
            case "SUSPENDED":
                status = TenantStatus.Suspended;
                break;
            default:
                yaml.Report("status", statusText, "must be ACTIVE or SUSPENDED");
                break;
        }
        var consumers = new List<TenantId>();
        foreach (var (text, node) in yaml.Texts("allow_release_consumers"))
        {
            if (yaml.ParseId<TenantKind>(text, "allow_release_consumers", node) is TenantId consumer && !consumers.Contains(consumer))
            {
                consumers.Add(consumer);
            }
        }
        var billing = yaml.PlainMap("billing");
        return yaml.Sink.Count == errorsBefore
            ? new Tenant(folderId, name, status, consumers, billing, workOrders, yaml.File)
            : null;
    }
}
