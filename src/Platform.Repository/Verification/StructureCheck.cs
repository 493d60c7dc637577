using Platform.Domain.Errors;
using Platform.Repository.Loading;
using Platform.Repository.Modules;
using Platform.Repository.Reasons;
using Platform.Repository.Tenants;

namespace Platform.Repository.Verification;

/// <summary>
/// The checks of SPEC §10 that span several files: dependencies exist and form no cycle, reasons
/// are unique (key across the repository, slug within its scope), work order IDs are unique. GLOBAL
/// slugs the platform raises but the repository lacks are no error: maintenance appends them. Per-file checks happen while parsing.
/// </summary>
public static class StructureCheck
{
    public static void Run(
        IReadOnlyList<ModuleContract> modules,
        IReadOnlySet<string> moduleFolders,
        IReadOnlyList<ReasonDefinition> globalReasons,
        IReadOnlyList<Tenant> tenants,
        ICollection<Violation> errors,
        ICollection<Violation> warnings)
    {
        CheckDependencies(modules, moduleFolders, errors);
        foreach (var cycle in DependencyCycles.Find(modules))
        {
            var first = cycle[0];
            errors.Add(new Violation($"{RepositoryPaths.ModuleFolder(first.Value)}/{RepositoryPaths.ModuleFile}", null, "depends_on",
                string.Join(" -> ", cycle.Append(first)), "modules depend on each other in a cycle"));
        }
        CheckReasons(globalReasons.Concat(modules.SelectMany(m => m.Reasons)), errors);
        CheckWorkOrderIds(tenants, errors);
        CheckConsumers(tenants, warnings);
    }

    private static void CheckDependencies(IReadOnlyList<ModuleContract> modules, IReadOnlySet<string> known, ICollection<Violation> errors)
    {
        foreach (var module in modules)
        {
            foreach (var dependency in module.DependsOn)
            {
                if (!known.Contains(dependency.Value))
                {
                    errors.Add(new Violation($"{module.Folder}/{RepositoryPaths.ModuleFile}", null, "depends_on", dependency.Value, "names no module in modules/"));
                }
            }
        }
    }

    private static void CheckReasons(IEnumerable<ReasonDefinition> reasons, ICollection<Violation> errors)
    {
        // Keyed by text: string-keyed collections come precompiled, tuple- or ID-keyed ones are compiled on every run.
        var keys = new Dictionary<string, ReasonDefinition>(StringComparer.Ordinal);
        var slugs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reason in reasons)
        {
            if (!keys.TryAdd(reason.Key.Value, reason))
            {
                var other = keys[reason.Key.Value];
                errors.Add(new Violation(reason.File, reason.Line, "reason_key", reason.Key.Value, $"is already used by {other.File}:{other.Line}; reason_key must be unique across the repository"));
            }
            // '\n' appears in no scope, module ID or slug, so it keeps the three parts apart.
            if (!slugs.Add($"{reason.ScopeText}\n{reason.ModuleText}\n{reason.Slug}"))
            {
                errors.Add(new Violation(reason.File, reason.Line, "reason_slug", reason.Slug, "is declared twice in this scope"));
            }
        }
    }

    private static void CheckWorkOrderIds(IReadOnlyList<Tenant> tenants, ICollection<Violation> errors)
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            foreach (var order in tenant.WorkOrders)
            {
                if (!seen.TryAdd(order.Id.Value, order.File))
                {
                    errors.Add(new Violation(order.File, null, "work_order_id", order.Id.Value, $"is also used by {seen[order.Id.Value]}; work order IDs are unique across tenants"));
                }
            }
        }
    }

    private static void CheckConsumers(IReadOnlyList<Tenant> tenants, ICollection<Violation> warnings)
    {
        var known = new HashSet<string>(tenants.Count, StringComparer.Ordinal);
        foreach (var tenant in tenants)
        {
            known.Add(tenant.Id.Value);
        }
        foreach (var tenant in tenants)
        {
            foreach (var consumer in tenant.AllowReleaseConsumers)
            {
                if (!known.Contains(consumer.Value))
                {
                    warnings.Add(new Violation(tenant.File, null, "allow_release_consumers", consumer.Value, "names no tenant in tenants/"));
                }
            }
        }
    }
}
