using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Repository.Modules;
using Platform.Repository.Reasons;

namespace Platform.Repository.Loading;

/// <summary>Reads every <c>modules/&lt;module_id&gt;/</c> folder (in parallel; results kept in ID order).</summary>
public static class ModuleFolderReader
{
    /// <param name="folderIds">The module IDs that have a folder, as text (plain strings keep the lookups free of value-type generics to compile).</param>
    public static IReadOnlyList<ModuleContract> ReadAll(string repoRoot, ICollection<Violation> errors, out IReadOnlySet<string> folderIds)
    {
        var folder = Path.Combine(repoRoot, RepositoryPaths.Modules);
        if (!Directory.Exists(folder))
        {
            folderIds = new HashSet<string>(StringComparer.Ordinal);
            return [];
        }
        // Hidden folders (.git, editor state) are not modules or tenants.
        var names = Directory.GetDirectories(folder).Select(Path.GetFileName).OfType<string>()
            .Where(n => !n.StartsWith('.')).Order(StringComparer.Ordinal).ToArray();
        // A module whose files have errors still exists: its dependents should not also be reported.
        var valid = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (Id<ModuleKind>.TryParse(name, out _))
            {
                valid.Add(name);
            }
        }
        folderIds = valid;
        var results = new (ModuleContract? Module, List<Violation> Errors)[names.Length];
        Parallel.For(0, names.Length, i =>
        {
            var found = new List<Violation>();
            results[i] = (ReadOne(repoRoot, names[i], found), found);
        });
        var modules = new List<ModuleContract>(results.Length);
        foreach (var (module, found) in results)
        {
            foreach (var error in found)
            {
                errors.Add(error);
            }
            if (module is not null)
            {
                modules.Add(module);
            }
        }
        return modules;
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
        if (contract is null)
        {
            return null;
        }
        var hasPythonEntry = File.Exists(Path.Combine(repoRoot, folder, ModuleRunCommand.PythonEntry));
        return ModuleContractParser.Parse(contract, folderId, folder, reasons, hasPythonEntry);
    }
}
