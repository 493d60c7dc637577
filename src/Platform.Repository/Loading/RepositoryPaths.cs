namespace Platform.Repository.Loading;

/// <summary>Where things live inside a platform repository, as relative paths with '/' (the form violations use).</summary>
public static class RepositoryPaths
{
    public const string Modules = "modules";
    public const string Tenants = "tenants";
    public const string WorkOrders = "workorders";
    public const string ModuleFile = "module.yml";
    public const string ValidationFile = "validation.yml";
    public const string TenantFile = "tenant.yml";
    public const string WorkOrderExtension = ".yml";
    public const string GlobalReasons = "config/global_reasons.yml";
    public const string PlatformPolicy = "config/platform_policy.yml";
    public const string MaintenanceState = "maintenance-state";

    public static string Full(string repoRoot, string relative) => Path.Combine(repoRoot, relative.Replace('/', Path.DirectorySeparatorChar));

    public static string ModuleFolder(string moduleFolderName) => $"{Modules}/{moduleFolderName}";

    public static string TenantFolder(string tenantFolderName) => $"{Tenants}/{tenantFolderName}";
}
