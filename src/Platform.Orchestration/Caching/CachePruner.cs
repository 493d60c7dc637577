using System.Globalization;
using Platform.Domain.Time;
using Platform.State.Tables;
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
            var rows = state.CurrentRows(BillingTables.CacheIndex).Select(r => r.ToArray()).ToList();
            var release = cache?.Store.GetRelease(ModuleCacheStore.Tag);
            var assets = release is null ? [] : cache!.Store.ListAssets(release).Where(a => CacheKey.Parse(a.Name) is not null).ToList();
            var byName = assets.ToDictionary(a => a.Name, StringComparer.Ordinal);
            var updated = 0;
            if (cache is not null)
            {
                foreach (var row in rows.ToList())
                {
                    var asset = byName.GetValueOrDefault(CacheKey.AssetName(row[0]));
                    var id = asset?.Id.ToString(CultureInfo.InvariantCulture) ?? "";
                    if (asset is null)
                    {
                        rows.Remove(row);
                        updated++;
                    }
                    else if (row[5] != id)
                    {
                        row[5] = id;
                        updated++;
                    }
                }
            }
            var known = rows.Select(r => r[0]).ToHashSet(StringComparer.Ordinal);
            var orphans = 0;
            foreach (var asset in assets)
            {
                var (tenant, module, key) = CacheKey.Parse(asset.Name)!.Value;
                if (known.Add(key))
                {
                    rows.Add([key, tenant.Value, module.Value, Timestamp.ToText(now), Timestamp.ToText(now + OrphanHold), asset.Id.ToString(CultureInfo.InvariantCulture)]);
                    orphans++;
                }
            }
            var expired = rows.Where(r => Timestamp.TryParse(r[4], out var expires) && expires <= now).ToList();
            var deleted = 0;
            if (delete)
            {
                foreach (var row in expired)
                {
                    if (release is not null && byName.GetValueOrDefault(CacheKey.AssetName(row[0])) is { } asset)
                    {
                        cache!.Store.DeleteAsset(release, asset);
                    }
                    rows.Remove(row);
                    deleted++;
                }
            }
            if (updated + orphans + deleted > 0)
            {
                change.Replace(BillingTables.CacheIndex, rows.OrderBy(r => r[0], StringComparer.Ordinal).Select(r => (IReadOnlyList<string>)r).ToList());
            }
            return new CachePruneReport(updated, orphans, expired.Count, deleted);
        });
}
