using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.Maintenance.Billing;
using Platform.Maintenance.Indexes;
using Platform.Maintenance.Reasons;
using Platform.Repository.Loading;
using Platform.Repository.MaintenanceState;

namespace Platform.Maintenance.Running;

/// <summary>
/// Computes, in memory, every file maintenance owns from a loaded repository and the admin-editable
/// maintenance-state files. Deterministic except for codes of new reasons, which are random by policy.
/// </summary>
public static class MaintenanceGenerator
{
    public static IReadOnlyList<GeneratedFile> Generate(PlatformRepository repository, ICollection<Violation> errors, ICollection<Violation> warnings)
    {
        var root = repository.Root;
        // The work orders index is the largest file and depends on nothing else here: build it on another core meanwhile.
        var workOrdersIndex = Task.Run(() => TenantIndexes.WorkOrders(repository.Tenants));
        var categoryFile = CategoryRegistryFile(root, errors);
        var categories = CategoryNames(categoryFile);
        // Reasons the platform raises but the repository lacks are appended, and coded in the same run.
        var appendedReasons = GlobalReasonsAppender.Build(repository, errors);
        var reasons = repository.AllReasons.Concat(appendedReasons?.Added ?? []).ToList();
        var registry = ReasonRegistryBuilder.Build(reasons, ExistingTable.Read(root, MaintenanceTables.ReasonRegistry, errors), errors);
        var policyRows = ReasonPolicyBuilder.Rows(registry, ExistingTable.Read(root, MaintenanceTables.ReasonPolicy, errors));
        foreach (var reason in reasons.Where(r => !categories.ContainsKey(r.CategoryId)))
        {
            warnings.Add(new Violation(reason.File, reason.Line, "category_id", reason.CategoryId,
                $"is not in {MaintenanceTables.RelativePath(MaintenanceTables.CategoryRegistry)}"));
        }
        var files = new List<GeneratedFile>
        {
            categoryFile,
            CsvRows.InOrder(MaintenanceTables.ReasonRegistry, registry.Select(e => e.Fields)),
            CsvRows.InOrder(MaintenanceTables.ReasonCatalog, registry.Where(e => e.Current).Select(e => MaintenanceTables.ReasonCatalog.RowOf(
                ("reason_code", e.ReasonCode), ("scope", e.Scope), ("module_id", e.ModuleId), ("reason_key", e.ReasonKey), ("reason_slug", e.ReasonSlug),
                ("category_id", e.CategoryId), ("category_name", categories.GetValueOrDefault(e.CategoryId, "")), ("description", e.Description)))),
            CsvRows.Sorted(MaintenanceTables.ReasonPolicy, policyRows),
            TenantIndexes.Relationships(repository.Tenants),
            ModuleIndexes.Dependencies(repository.Modules),
            ModuleIndexes.Requirements(repository.Modules),
            ModuleIndexes.ArtifactsPolicy(repository.Modules, repository.Policy),
            ModuleIndexes.Policy(repository.Policy),
            workOrdersIndex.GetAwaiter().GetResult(),
        };
        files.Add(Manifest(files));
        if (appendedReasons is { File: var globalReasons })
        {
            files.Add(globalReasons);
        }
        if (ModulePricesAppender.Build(repository, errors, warnings) is GeneratedFile prices)
        {
            files.Add(prices);
        }
        return files;
    }

    /// <summary>The registry as it is on disk (admins own it once it exists), else the defaults.</summary>
    private static GeneratedFile CategoryRegistryFile(string root, ICollection<Violation> errors)
    {
        var relative = MaintenanceTables.RelativePath(MaintenanceTables.CategoryRegistry);
        var path = RepositoryPaths.Full(root, relative);
        if (!File.Exists(path))
        {
            return CsvRows.Sorted(MaintenanceTables.CategoryRegistry, CategoryDefaults.Rows);
        }
        ExistingTable.Read(root, MaintenanceTables.CategoryRegistry, errors);
        return new GeneratedFile(relative, File.ReadAllBytes(path));
    }

    private static Dictionary<string, string> CategoryNames(GeneratedFile registry)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = CsvFormat.OpenReader(new MemoryStream(registry.Bytes));
        var (id, name) = (MaintenanceTables.CategoryRegistry.IndexOf("category_id"), MaintenanceTables.CategoryRegistry.IndexOf("category_name"));
        var header = true;
        foreach (var row in reader)
        {
            if (!header && row.ColCount > Math.Max(id, name))
            {
                names.TryAdd(row[id].ToString(), row[name].ToString());
            }
            header = false;
        }
        return names;
    }

    private static GeneratedFile Manifest(IReadOnlyList<GeneratedFile> files)
    {
        var prefix = MaintenanceTables.Folder + "/";
        var rows = files.Select(f => MaintenanceTables.Manifest.RowOf(("file", f.RelativePath[prefix.Length..]), ("sha256", Convert.ToHexStringLower(SHA256.HashData(f.Bytes)))));
        return CsvRows.Sorted(MaintenanceTables.Manifest, rows, tracksWorkOrders: true);
    }
}
