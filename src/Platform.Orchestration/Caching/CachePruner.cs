using System.Globalization;
using Platform.State.Tables;
using Platform.State.Tables.Rows;
using Platform.State.Transactions;

namespace Platform.Orchestration.Caching;

public sealed record CachePruneReport(int UpdatedRows, int RegisteredOrphans, int Expired, int DeletedCaches);

/// <summary>
/// <c>platform cache-prune [--delete]</c>: keeps cache_index.csv true to the cache store — fills
/// missing cache_ids, drops rows whose asset is gone, registers orphan assets (held for a year) —
/// and counts expired caches, deleting them (asset and row) only when asked to.
/// </summary>
public static class CachePruner
{
    public static readonly TimeSpan OrphanHold = TimeSpan.FromDays(365);

    public static CachePruneReport Run(StateTransaction transaction, ModuleCacheStore? cache, DateTimeOffset now, bool delete) =>
        transaction.Run((state, change) =>
        {
            var rows = state.CurrentRows(BillingTables.CacheIndex).Select(CacheIndexRow.Read).ToList();
            var release = cache?.Store.GetRelease(ModuleCacheStore.Tag);
            var assets = release is null ? [] : cache!.Store.ListAssets(release).Where(a => CacheKey.Parse(a.Name) is not null).ToList();
            var byName = assets.ToDictionary(a => a.Name, StringComparer.Ordinal);
            var updated = 0;
            if (cache is not null)
            {
                foreach (var row in rows.ToList())
                {
                    var asset = byName.GetValueOrDefault(CacheKey.AssetName(row.CacheKey));
                    var id = asset?.Id.ToString(CultureInfo.InvariantCulture) ?? "";
                    if (asset is null)
                    {
                        rows.Remove(row);
                        updated++;
                    }
                    else if (row.CacheId != id)
                    {
                        rows[rows.IndexOf(row)] = row with { CacheId = id };
                        updated++;
                    }
                }
            }
            var known = rows.Select(r => r.CacheKey).ToHashSet(StringComparer.Ordinal);
            var orphans = 0;
            foreach (var asset in assets)
            {
                var (tenant, module, key) = CacheKey.Parse(asset.Name)!.Value;
                if (known.Add(key))
                {
                    rows.Add(CacheIndexRow.Of(key, tenant, module, now, now + OrphanHold, asset.Id));
                    orphans++;
                }
            }
            var expired = rows.Where(r => r.ExpiresAt <= now).ToList();
            var deleted = 0;
            if (delete)
            {
                foreach (var row in expired)
                {
                    if (release is not null && byName.GetValueOrDefault(CacheKey.AssetName(row.CacheKey)) is { } asset)
                    {
                        cache!.Store.DeleteAsset(release, asset);
                    }
                    rows.Remove(row);
                    deleted++;
                }
            }
            if (updated + orphans + deleted > 0)
            {
                change.Replace(BillingTables.CacheIndex, CacheIndexRow.Merge(rows, []));
            }
            return new CachePruneReport(updated, orphans, expired.Count, deleted);
        });
}
