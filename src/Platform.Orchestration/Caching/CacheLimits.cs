using Platform.Domain.Errors;

namespace Platform.Orchestration.Caching;

/// <summary>
/// How full the cache release may get (SPEC 8.5). GitHub refuses the 1,001st asset of a release, and a
/// cache save that hits that wall saves nothing; so once the release holds <see cref="HighWater"/>
/// assets, a save first evicts caches down towards <see cref="LowWater"/>, at most
/// <see cref="MaxEvictionsPerSave"/> of them. The gap between the high-water mark and the limit absorbs
/// what eviction could not remove (a refused delete, assets that are not caches).
/// </summary>
/// <param name="MaxAssets">The store's hard limit per release: a save that would pass it is refused.</param>
/// <param name="HighWater">From this many assets on, a save evicts before it uploads.</param>
/// <param name="LowWater">What eviction brings the release down to (before the save's own upload).</param>
/// <param name="MaxEvictionsPerSave">Deletes one save may make, so no save turns into a long burst of requests.</param>
public sealed record CacheLimits(int MaxAssets, int HighWater, int LowWater, int MaxEvictionsPerSave)
{
    /// <summary>GitHub's limit of assets per release.</summary>
    public const int GitHubMaxAssets = 1000;

    /// <summary>A tenth below the limit: room for what eviction could not delete, and for non-cache assets.</summary>
    public const int DefaultHighWater = 900;

    /// <summary>Fifty below the high-water mark, so one save can reach it and the next fifty saves evict nothing.</summary>
    public const int DefaultLowWater = 850;

    /// <summary>
    /// Fifty deletes, plus the upload, stay under the 80 content-creating requests a minute GitHub
    /// allows (SPEC 8.5); on average a save still deletes no more than one cache.
    /// </summary>
    public const int DefaultMaxEvictionsPerSave = 50;

    /// <summary>The limits for GitHub, and for the local store, which keeps to the same rules.</summary>
    public static readonly CacheLimits GitHub = new(GitHubMaxAssets, DefaultHighWater, DefaultLowWater, DefaultMaxEvictionsPerSave);

    /// <summary>These limits, once every rule holds (else an <see cref="ArgumentException"/> naming the broken one).</summary>
    public CacheLimits Validated()
    {
        OptionRules.Positive(LowWater, nameof(LowWater));
        OptionRules.Require(HighWater > LowWater, nameof(HighWater), HighWater, $"must be above {nameof(LowWater)} ({LowWater})");
        OptionRules.Require(MaxAssets > HighWater, nameof(MaxAssets), MaxAssets, $"must be above {nameof(HighWater)} ({HighWater})");
        OptionRules.Positive(MaxEvictionsPerSave, nameof(MaxEvictionsPerSave));
        return this;
    }
}
