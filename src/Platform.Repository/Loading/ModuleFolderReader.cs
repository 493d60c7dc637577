using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Repository.Modules;
using Platform.Repository.Reasons;

namespace Platform.Repository.Loading;

/// <summary>Reads every <c>modules/&lt;module_id&gt;/</c> folder (in parallel; results kept in ID order).</summary>
public static class ModuleFolderReader
{
    public static IReadOnlyList<ModuleContract> ReadAll(string repoRoot, ICollection<Violation> errors, out IReadOnlySet<ModuleId> folderIds)
    {
        var folder = Path.Combine(repoRoot, RepositoryPaths.Modules);
        if (!Directory.Exists(folder))
        {
            folderIds = new HashSet<ModuleId>();
            return [];
        }
        // Hidden folders (.git, editor state) are not modules or tenants.
        var names = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
        // A module whose files have errors still exists: its dependents should not also be reported.
        folderIds = names.Select(n => Id<ModuleKind>.TryParse(n, out var id) ? id : (ModuleId?)null).OfType<ModuleId>().ToHashSet();
        var results = new (ModuleContract? Module, List<Violation> Errors)[names.Length];
        Parallel.For(0, names.Length, i =>
        {
            var found = new List<Violation>();
            results[i] = (ReadOne(repoRoot, names[i], found), found);
        });
        foreach (var result in results)
        {
            foreach (var error in result.Errors)
            {
                errors.Add(error);
            }
        }
        return results.Select(r => r.Module).OfType<ModuleContract>().ToArray();
    }

    private static ModuleContract? ReadOne(string repoRoot, string name, List<Violation> errors)
    {
        var folder = RepositoryPaths.ModuleFolder(name);
        if (!Id<ModuleKind>.TryParse(name, out var folderId))
        {
            errors.Add(new Violation(folder, null, "module_id", name, $"module folder name is an invalid module_id: {Base62.Problem(IdKind.Module, name)}"));
            return null;
        }
        var contract = YamlFileReader.Read(repoRoot, $"{folder}/{RepositoryPaths.ModuleFile}", errors);
        var validation = YamlFileReader.Read(repoRoot, $"{folder}/{RepositoryPaths.ValidationFile}", errors);
        var reasons = validation is null ? [] : ReasonsParser.Parse(validation, ReasonScope.Module, folderId);
        return contract is null ? null : ModuleContractParser.Parse(contract, folderId, folder, reasons);
    }
}
