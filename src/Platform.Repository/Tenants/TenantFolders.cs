using Platform.Domain.Errors;

namespace Platform.Repository.Tenants;

/// <summary>Where tenants live in a platform repository: <c>tenants/&lt;tenant_id&gt;/tenant.yml</c>.</summary>
public static class TenantFolders
{
    public const string Folder = "tenants";

    public static string TenantFile(string repoRoot, TenantId tenant) => Path.Combine(repoRoot, Folder, tenant.Value, "tenant.yml");

    public static bool Exists(string repoRoot, TenantId tenant) => File.Exists(TenantFile(repoRoot, tenant));

    /// <summary>Parses a tenant ID that must name an existing tenant, or throws a bad-input error naming the field.</summary>
    public static TenantId RequireExisting(string repoRoot, string? text, string field, string? file = null, long? row = null)
    {
        var tenant = TenantId.Parse(text, field, file, row);
        if (!Exists(repoRoot, tenant))
        {
            throw PlatformException.BadInput(new Violation(file, row, field, text,
                $"names no tenant: {Folder}/{tenant.Value}/tenant.yml does not exist"));
        }
        return tenant;
    }
}
