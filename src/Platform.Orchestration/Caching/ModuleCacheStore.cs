using System.Globalization;
using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.Repository.Modules;
using Platform.State.Stores.Releases;
using Platform.State.Tables.Rows;

namespace Platform.Orchestration.Caching;

/// <summary>
/// Module output caches in the release store under the tag <c>module-cache-v1</c>: one asset per
/// cache key, labelled with its archive's sha256 and its expiry (<see cref="CacheLabel"/>);
/// <c>cache_id</c> in cache_index.csv is the store's numeric asset ID. A save keeps the release under
/// the store's asset limit by evicting first (<see cref="CacheEviction"/>); a cache is only ever a
/// saving, so a run uses <see cref="TrySave"/> and <see cref="TryRestore"/>, which never fail it.
/// </summary>
public sealed class ModuleCacheStore
{
    public const string Tag = "module-cache-v1";
    private readonly IReleaseStore store;
    private readonly CacheLimits limits;
    private readonly Lock gate = new();

    /// <param name="limits">How full the release may get; GitHub's limits when not given.</param>
    public ModuleCacheStore(IReleaseStore store, CacheLimits? limits = null)
    {
        this.store = store;
        this.limits = (limits ?? CacheLimits.GitHub).Validated();
    }

    public IReleaseStore Store => store;

    /// <summary>The cache release, created on first use.</summary>
    public StoreRelease Release()
    {
        lock (gate)
        {
            return store.GetRelease(Tag) ?? store.CreateRelease(Tag);
        }
    }

    /// <summary>
    /// Restores a cached output into <paramref name="outputsDir"/>; null (a miss: the module runs) when
    /// the asset is gone, evicted say, or cannot be read; the latter says so through <paramref name="warn"/>.
    /// </summary>
    public IReadOnlyList<string>? TryRestore(string cacheId, string outputsDir, Action<string> warn)
    {
        if (!long.TryParse(cacheId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return null;
        }
        var temp = Path.Combine(Path.GetTempPath(), $"platform-cache-{Guid.NewGuid():N}.tar.gz");
        try
        {
            var release = Release();
            if (store.GetAsset(release, id) is not { Complete: true } asset)
            {
                return null;
            }
            store.DownloadAsset(release, asset, temp);
            return CacheArchive.Restore(temp, outputsDir);
        }
        catch (Exception e) when (IsCacheFailure(e))
        {
            // Evicted between the look and the download, or a store that failed: the module runs instead.
            warn($"warning: cache {cacheId} not restored, the module runs instead: {OneLine(e.Message)}");
            return null;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// <see cref="Save"/> for a run: a cache that cannot be saved (a store error or refusal, the release
    /// at its limit, an output that changed under it) costs the cache only. It says so in one warning
    /// line through <paramref name="warn"/> and returns null: the run records no cache entry.
    /// </summary>
    public CacheIndexRow? TrySave(string cacheKey, TenantId tenant, ModuleContract module, string outputsDir, IReadOnlyList<string> files,
        DateTimeOffset now, Action<string> warn)
    {
        try
        {
            return Save(cacheKey, tenant, module, outputsDir, files, now);
        }
        catch (Exception e) when (IsCacheFailure(e))
        {
            warn($"warning: cache of {tenant}/{module.Id} not saved (the run is not affected; its next run with these inputs runs the module again): {OneLine(e.Message)}");
            return null;
        }
    }

    /// <summary>
    /// Stores a completed run's outputs under the key, replacing an older cache of the same key, and
    /// returns the index row. The upload looks before it repeats itself (<see cref="StoreUploads"/>): an
    /// asset this very save left behind (same label) is reused, a broken-off or older one replaced.
    /// </summary>
    public CacheIndexRow Save(string cacheKey, TenantId tenant, ModuleContract module, string outputsDir, IReadOnlyList<string> files, DateTimeOffset now)
    {
        var name = CacheKey.AssetName(cacheKey);
        var expires = now + module.Cache.RetentionDefault.Duration;
        var temp = Path.Combine(Path.GetTempPath(), $"platform-cache-{Guid.NewGuid():N}.tar.gz");
        try
        {
            CacheArchive.Create(outputsDir, files, temp);
            var label = new CacheLabel(Sha256Of(temp), expires).Text;
            var release = Release();
            StoreAsset asset;
            lock (gate)
            {
                var listed = MakeRoom(release, store.ListAssets(release), name, now);
                asset = StoreUploads.Ensure(store, release, name, temp, listed, a => a.Label == label, label);
            }
            return CacheIndexRow.Of(cacheKey, tenant, module.Id, now, expires, asset.Id);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Deletes what <see cref="CacheEviction"/> chooses; a refused delete ends eviction for this save.
    /// Refuses the save when the release would still pass the store's limit.
    /// </summary>
    /// <returns>The release's assets after eviction.</returns>
    private List<StoreAsset> MakeRoom(StoreRelease release, IReadOnlyList<StoreAsset> listed, string name, DateTimeOffset now)
    {
        var held = listed.Where(a => a.Name != name).ToList();
        var gone = new HashSet<long>();
        string? refused = null;
        foreach (var asset in CacheEviction.Choose(held, limits, now))
        {
            try
            {
                store.DeleteAsset(release, asset);
                gone.Add(asset.Id);
            }
            catch (PlatformException e)
            {
                refused = $" (deleting {asset.Name} failed: {e.Message})";
                break;
            }
        }
        if (held.Count - gone.Count >= limits.MaxAssets)
        {
            throw PlatformException.StoreUnavailable(
                $"release {Tag} already holds {held.Count - gone.Count} assets, the most the store takes{refused}");
        }
        return listed.Where(a => !gone.Contains(a.Id)).ToList();
    }

    /// <summary>What a cache save or restore may meet: the store's errors, files and archives that fail.</summary>
    private static bool IsCacheFailure(Exception e) =>
        e is PlatformException or IOException or UnauthorizedAccessException or InvalidDataException or FormatException;

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
