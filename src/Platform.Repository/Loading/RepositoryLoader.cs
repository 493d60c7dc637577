using Platform.Domain.Errors;
using Platform.Repository.Config;
using Platform.Repository.Reasons;
using Platform.Repository.Verification;

namespace Platform.Repository.Loading;

/// <summary>
/// Reads a whole platform repository once: modules, config (YAML and billing CSVs), tenants and
/// work orders, then runs the cross-file structural checks. Never stops at the first problem.
/// </summary>
public static class RepositoryLoader
{
    public static RepositoryLoad Load(string repoRoot)
    {
        var root = Path.GetFullPath(repoRoot);
        if (!Directory.Exists(root))
        {
            throw PlatformException.BadInput(new Violation(repoRoot, null, "--repo-root", repoRoot, "is not a folder"));
        }
        var errors = new List<Violation>();
        // The config files are independent of the modules and mostly cost first-call compilation:
        // read them on another thread while the modules are read, then report in the usual order.
        var configErrors = new List<Violation>();
        var config = Task.Run(() => ReadConfig(root, configErrors));
        var modules = ModuleFolderReader.ReadAll(root, errors, out var moduleFolders);
        var (globalReasons, policy, billing) = config.GetAwaiter().GetResult();
        errors.AddRange(configErrors);
        var modulesById = modules.ToDictionary(m => m.Id);
        var tenants = TenantFolderReader.ReadAll(root, modulesById, errors);
        var warnings = new List<Violation>();
        StructureCheck.Run(modules, moduleFolders, globalReasons, tenants, errors, warnings);
        warnings.AddRange(tenants.SelectMany(t => t.WorkOrders).SelectMany(w => w.Problems));
        var repository = new PlatformRepository(root, modules, globalReasons, tenants, policy, billing);
        return new RepositoryLoad(repository, errors, warnings);
    }

    private static (IReadOnlyList<ReasonDefinition> GlobalReasons, PlatformPolicy Policy, BillingConfig Billing) ReadConfig(string root, List<Violation> errors)
    {
        var globals = YamlFileReader.Read(root, RepositoryPaths.GlobalReasons, errors);
        var globalReasons = globals is null ? [] : ReasonsParser.Parse(globals, ReasonScope.Global, null);
        var policyYaml = YamlFileReader.Read(root, RepositoryPaths.PlatformPolicy, errors, required: false);
        var policy = policyYaml is null ? PlatformPolicy.Default : PlatformPolicyParser.Parse(policyYaml);
        return (globalReasons, policy, BillingConfigReader.Read(root, errors));
    }
}
