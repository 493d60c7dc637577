using Platform.State.Stores.Releases;

namespace Platform.Orchestration.Caching;

/// <summary>
/// Which caches a save deletes to keep the cache release under its limit (<see cref="CacheLimits"/>):
/// nothing below the high-water mark; above it, towards the low-water mark and at most
/// <see cref="CacheLimits.MaxEvictionsPerSave"/>: first broken-off uploads, then expired caches, then
/// the oldest live ones by asset ID. Only assets named as caches are ever chosen. A cache_index row
/// whose asset was evicted is a cache miss (the module runs again) until cache-prune drops it.
/// </summary>
public static class CacheEviction
{
    /// <param name="held">The release's assets, without the one the save is about to replace.</param>
    /// <returns>The assets to delete, in order.</returns>
    public static IReadOnlyList<StoreAsset> Choose(IReadOnlyList<StoreAsset> held, CacheLimits limits, DateTimeOffset now)
    {
        if (held.Count < limits.HighWater)
        {
            return [];
        }
        var count = Math.Min(held.Count - limits.LowWater, limits.MaxEvictionsPerSave);
        return held
            .Where(a => CacheKey.Parse(a.Name) is not null)
            .OrderBy(a => Rank(a, now))
            .ThenBy(a => a.Id)
            .Take(count)
            .ToList();
    }

    /// <summary>0 for a broken-off upload, 1 for an expired cache, 2 for a live one or one whose expiry is unknown.</summary>
    private static int Rank(StoreAsset asset, DateTimeOffset now) =>
        !asset.Complete ? 0
        : CacheLabel.Parse(asset.Label) is { } label && label.ExpiresAt <= now ? 1
        : 2;
}
