using Platform.Repository.Modules;
using Platform.State.Stores.Releases;
using Platform.State.Tables.Rows;

namespace Platform.Orchestration.Caching;

/// <summary>
/// Module output caches in the release store under the tag <c>module-cache-v1</c>: one asset per
/// cache key; <c>cache_id</c> in cache_index.csv is the store's numeric asset ID.
/// </summary>
public sealed class ModuleCacheStore(IReleaseStore store)
{
    public const string Tag = "module-cache-v1";
    private readonly Lock gate = new();

    public IReleaseStore Store => store;

    /// <summary>The cache release, created on first use.</summary>
    public StoreRelease Release()
    {
        lock (gate)
        {
            return store.GetRelease(Tag) ?? store.CreateRelease(Tag);
        }
    }

    /// <summary>Restores a cached output into <paramref name="outputsDir"/>; null when the asset is gone.</summary>
    public IReadOnlyList<string>? TryRestore(string cacheId, string outputsDir)
    {
        if (!long.TryParse(cacheId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var release = Release();
        var asset = store.GetAsset(release, id);
        if (asset is null)
        {
            return null;
        }
        var temp = Path.Combine(Path.GetTempPath(), $"platform-cache-{Guid.NewGuid():N}.tar.gz");
        try
        {
            store.DownloadAsset(release, asset, temp);
            return CacheArchive.Restore(temp, outputsDir);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Stores a completed run's outputs under the key, replacing an older cache of the same key; returns the index row.</summary>
    public CacheIndexRow Save(string cacheKey, TenantId tenant, ModuleContract module, string outputsDir, IReadOnlyList<string> files, DateTimeOffset now)
    {
        var release = Release();
        var name = CacheKey.AssetName(cacheKey);
        var temp = Path.Combine(Path.GetTempPath(), $"platform-cache-{Guid.NewGuid():N}.tar.gz");
        try
        {
            CacheArchive.Create(outputsDir, files, temp);
            StoreAsset asset;
            lock (gate)
            {
                if (store.ListAssets(release).FirstOrDefault(a => a.Name == name) is { } old)
                {
                    store.DeleteAsset(release, old);
                }
                asset = store.UploadAsset(release, name, temp);
            }
            var expires = now + module.Cache.RetentionDefault.Duration;
            return CacheIndexRow.Of(cacheKey, tenant, module.Id, now, expires, asset.Id);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
