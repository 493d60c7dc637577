using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Repository.Modules;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;

namespace Platform.Repository.Loading;

/// <summary>
/// Reads every tenant folder and its work orders. Work order files are read and parsed in parallel
/// (they are the bulk of a large repository); results keep tenant ID and file-name order.
/// </summary>
public static class TenantFolderReader
{
    public static IReadOnlyList<Tenant> ReadAll(string repoRoot, IReadOnlyDictionary<ModuleId, ModuleContract> modules, ICollection<Violation> errors)
    {
        var folder = Path.Combine(repoRoot, RepositoryPaths.Tenants);
        if (!Directory.Exists(folder))
        {
            return [];
        }
        // Hidden folders (.git, editor state) are not modules or tenants.
        var names = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
        var files = names.Select(n => WorkOrderFiles(repoRoot, n)).ToArray();
        var flat = files.SelectMany((list, t) => list.Select(f => (Tenant: t, File: f))).ToArray();
        var parsed = new (WorkOrder? Order, List<Violation> Errors)[flat.Length];
        Parallel.For(0, flat.Length, i =>
        {
            var found = new List<Violation>();
            var tenantName = names[flat[i].Tenant];
            parsed[i] = Id<TenantKind>.TryParse(tenantName, out var tenantId)
                ? (ReadWorkOrder(repoRoot, tenantId, tenantName, flat[i].File, modules, found), found)
                : (null, found);
        });
        var tenants = new List<Tenant>(names.Length);
        var next = 0;
        for (var t = 0; t < names.Length; t++)
        {
            var tenantFolder = RepositoryPaths.TenantFolder(names[t]);
            var orders = new List<WorkOrder>(files[t].Count);
            var orderErrors = new List<Violation>();
            for (var k = 0; k < files[t].Count; k++, next++)
            {
                orderErrors.AddRange(parsed[next].Errors);
                if (parsed[next].Order is WorkOrder order)
                {
                    orders.Add(order);
                }
            }
            if (!Id<TenantKind>.TryParse(names[t], out var tenantId))
            {
                errors.Add(new Violation(tenantFolder, null, "tenant_id", names[t], $"tenant folder name is an invalid tenant_id: {Base62.Problem(IdKind.Tenant, names[t])}"));
                continue;
            }
            var yaml = YamlFileReader.Read(repoRoot, $"{tenantFolder}/{RepositoryPaths.TenantFile}", errors);
            if (yaml is not null && TenantParser.Parse(yaml, tenantId, orders) is Tenant tenant)
            {
                tenants.Add(tenant);
            }
            foreach (var error in orderErrors)
            {
                errors.Add(error);
            }
        }
        return tenants;
    }

    private static List<string> WorkOrderFiles(string repoRoot, string tenantName)
    {
        var folder = RepositoryPaths.Full(repoRoot, $"{RepositoryPaths.TenantFolder(tenantName)}/{RepositoryPaths.WorkOrders}");
        if (!Directory.Exists(folder))
        {
            return [];
        }
        return Directory.GetFiles(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static WorkOrder? ReadWorkOrder(
        string repoRoot, TenantId tenant, string tenantName, string fileName, IReadOnlyDictionary<ModuleId, ModuleContract> modules, List<Violation> errors)
    {
        var relative = $"{RepositoryPaths.TenantFolder(tenantName)}/{RepositoryPaths.WorkOrders}/{fileName}";
        if (!fileName.EndsWith(RepositoryPaths.WorkOrderExtension, StringComparison.Ordinal))
        {
            errors.Add(new Violation(relative, null, null, fileName, "work order files must be named <work_order_id>.yml"));
            return null;
        }
        var stem = fileName[..^RepositoryPaths.WorkOrderExtension.Length];
        if (!Id<WorkOrderKind>.TryParse(stem, out var fileId))
        {
            errors.Add(new Violation(relative, null, "work_order_id", stem, $"work order file name is an invalid work_order_id: {Base62.Problem(IdKind.WorkOrder, stem)}"));
            return null;
        }
        var bytes = YamlFileReader.ReadBytes(repoRoot, relative, errors);
        if (bytes is null)
        {
            return null;
        }
        var yaml = YamlFileReader.Parse(bytes, relative, errors);
        if (yaml is null)
        {
            return null;
        }
        var revision = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return WorkOrderParser.Parse(yaml, tenant, fileId, revision, modules);
    }
}
