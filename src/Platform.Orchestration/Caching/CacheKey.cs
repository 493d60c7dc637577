using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Platform.Repository.Modules;

namespace Platform.Orchestration.Caching;

/// <summary>
/// A module output cache key: <c>&lt;tenant_id&gt;.&lt;module_id&gt;.&lt;sha256&gt;</c>, the hash taken over the
/// module's version and its <c>key_inputs</c> values. Caches are per tenant; the asset in the store is
/// named <c>&lt;cache_key&gt;.tar.gz</c>, so an orphan asset still says whose it is.
/// </summary>
public static class CacheKey
{
    public const string AssetSuffix = ".tar.gz";

    public static string For(TenantId tenant, ModuleContract module, JsonObject inputs)
    {
        var keyed = new JsonObject { ["version"] = module.Version };
        foreach (var name in module.Cache.KeyInputs.Order(StringComparer.Ordinal))
        {
            keyed[name] = inputs[name]?.DeepClone();
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyed.ToJsonString())));
        return $"{tenant.Value}.{module.Id.Value}.{hash}";
    }

    public static string AssetName(string cacheKey) => cacheKey + AssetSuffix;

    /// <summary>Tenant and module of an asset name made by <see cref="AssetName"/>, or null for anything else.</summary>
    public static (TenantId Tenant, ModuleId Module, string Key)? Parse(string assetName)
    {
        if (!assetName.EndsWith(AssetSuffix, StringComparison.Ordinal))
        {
            return null;
        }
        var key = assetName[..^AssetSuffix.Length];
        var parts = key.Split('.');
        return parts.Length == 3 && TenantId.TryParse(parts[0], out var tenant) && ModuleId.TryParse(parts[1], out var module)
            && parts[2].Length == 64 && parts[2].All(char.IsAsciiHexDigitLower)
            ? (tenant, module, key)
            : null;
    }
}
