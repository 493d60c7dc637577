using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Repository.Modules;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;

namespace Platform.Repository.Loading;

/// <summary>
/// Reads every tenant folder: tenant.yml and its work orders. Tenants are read in parallel (work orders
/// are the bulk of a large repository); results and errors keep tenant ID and file-name order.
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
        var names = VisibleNames(Directory.GetDirectories(folder));
        var read = new (Tenant? Tenant, List<Violation> Errors)[names.Length];
        // One task per core; a tenant (tenant.yml and a few work orders) is the unit of work.
        Parallel.For(0, names.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, t =>
        {
            var found = new List<Violation>();
            read[t] = (ReadTenant(repoRoot, names[t], modules, found), found);
        });
        var tenants = new List<Tenant>(names.Length);
        foreach (var (tenant, found) in read)
        {
            foreach (var error in found)
            {
                errors.Add(error);
            }
            if (tenant is not null)
            {
                tenants.Add(tenant);
            }
        }
        return tenants;
    }

    /// <summary>File or folder names in ordinal order, without hidden ones (.git, editor state).</summary>
    private static string[] VisibleNames(string[] paths)
    {
        var names = new List<string>(paths.Length);
        foreach (var path in paths)
        {
            var name = Path.GetFileName(path);
            if (!name.StartsWith('.'))
            {
                names.Add(name);
            }
        }
        var sorted = names.ToArray();
        Array.Sort(sorted, StringComparer.Ordinal);
        return sorted;
    }

    /// <summary>The tenant (null when it has errors); errors in the order tenant.yml, then each work order.</summary>
    private static Tenant? ReadTenant(string repoRoot, string name, IReadOnlyDictionary<ModuleId, ModuleContract> modules, List<Violation> errors)
    {
        var tenantFolder = RepositoryPaths.TenantFolder(name);
        if (!Id<TenantKind>.TryParse(name, out var tenantId))
        {
            errors.Add(new Violation(tenantFolder, null, "tenant_id", name, $"tenant folder name is an invalid tenant_id: {Base62.Problem(IdKind.Tenant, name)}"));
            return null;
        }
        var files = WorkOrderFiles(repoRoot, tenantFolder);
        var orders = new List<WorkOrder>(files.Length);
        var orderErrors = new List<Violation>();
        foreach (var file in files)
        {
            if (ReadWorkOrder(repoRoot, tenantId, tenantFolder, file, modules, orderErrors) is WorkOrder order)
            {
                orders.Add(order);
            }
        }
        var yaml = YamlFileReader.Read(repoRoot, $"{tenantFolder}/{RepositoryPaths.TenantFile}", errors);
        var tenant = yaml is null ? null : TenantParser.Parse(yaml, tenantId, orders);
        errors.AddRange(orderErrors);
        return tenant;
    }

    private static string[] WorkOrderFiles(string repoRoot, string tenantFolder)
    {
        var folder = RepositoryPaths.Full(repoRoot, $"{tenantFolder}/{RepositoryPaths.WorkOrders}");
        return Directory.Exists(folder) ? VisibleNames(Directory.GetFiles(folder)) : [];
    }

    private static WorkOrder? ReadWorkOrder(
        string repoRoot, TenantId tenant, string tenantFolder, string fileName, IReadOnlyDictionary<ModuleId, ModuleContract> modules, List<Violation> errors)
    {
        var relative = $"{tenantFolder}/{RepositoryPaths.WorkOrders}/{fileName}";
        if (!fileName.EndsWith(RepositoryPaths.WorkOrderExtension, StringComparison.Ordinal))
        {
            errors.Add(new Violation(relative, null, null, fileName, "work order files must be named <work_order_id>.yml"));
            return null;
        }
        var stem = fileName.AsSpan(0, fileName.Length - RepositoryPaths.WorkOrderExtension.Length);
        if (!Id<WorkOrderKind>.TryParse(stem, out var fileId))
        {
            errors.Add(new Violation(relative, null, "work_order_id", stem.ToString(), $"work order file name is an invalid work_order_id: {Base62.Problem(IdKind.WorkOrder, stem)}"));
            return null;
        }
        // Each file is read once: the same bytes are parsed and hashed for the revision.
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
        var revision = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return WorkOrderParser.Parse(yaml, tenant, fileId, revision, modules);
    }
}
