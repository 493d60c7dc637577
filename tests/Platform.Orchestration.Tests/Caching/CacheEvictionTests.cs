using Platform.Orchestration.Caching;
using Platform.State.Stores.Releases;

namespace Platform.Orchestration.Tests.Caching;

/// <summary>Which caches a save evicts, from the release's listing alone.</summary>
public sealed class CacheEvictionTests
{
    private static readonly DateTimeOffset Now = SampleOrder.Now;
    private static readonly CacheLimits Limits = new(MaxAssets: 10, HighWater: 6, LowWater: 2, MaxEvictionsPerSave: 3);

    [Fact]
    public void Below_the_high_water_mark_nothing_is_evicted()
    {
        var held = Enumerable.Range(1, Limits.HighWater - 1).Select(i => Cache(i, Now.AddDays(-1))).ToList();

        Assert.Empty(CacheEviction.Choose(held, Limits, Now));
    }

    [Fact]
    public void Broken_off_uploads_go_first_then_expired_caches_then_the_oldest_and_never_more_than_the_bound()
    {
        StoreAsset[] held =
        [
            Cache(1, Now.AddDays(1)),
            Cache(2, null),
            Cache(3, Now.AddDays(1)) with { Complete = false },
            Cache(4, Now),
            new(5, "notes.txt", 10),
            Cache(6, Now.AddDays(-1)),
            Cache(7, Now.AddDays(1)),
        ];

        Assert.Equal([3L, 4, 6], CacheEviction.Choose(held, Limits, Now).Select(a => a.Id));
        Assert.Equal([3L, 4, 6], CacheEviction.Choose(held, Limits with { MaxEvictionsPerSave = 50 }, Now).Take(3).Select(a => a.Id));
        // Down to the low-water mark; caches without a label (saved before labels) count as live, by age.
        Assert.Equal([3L, 4, 6, 1, 2], CacheEviction.Choose(held, Limits with { MaxEvictionsPerSave = 50 }, Now).Select(a => a.Id));
    }

    [Fact]
    public void Assets_that_are_not_caches_are_never_chosen()
    {
        var held = Enumerable.Range(1, 8).Select(i => new StoreAsset(i, $"notes-{i}.txt", 10)).ToList();

        Assert.Empty(CacheEviction.Choose(held, Limits, Now));
    }

    [Fact]
    public void A_label_reads_back_what_it_was_written_with_and_nothing_else_parses()
    {
        var label = new CacheLabel(new string('a', 64), Now);

        Assert.Equal($"sha256:{new string('a', 64)} expires:2026-01-04T18:37:22Z", label.Text);
        Assert.Equal(label, CacheLabel.Parse(label.Text));
        Assert.Null(CacheLabel.Parse(null));
        Assert.Null(CacheLabel.Parse(new string('a', 64)));
        Assert.Null(CacheLabel.Parse($"sha256:{new string('A', 64)} expires:2026-01-04T18:37:22Z"));
        Assert.Null(CacheLabel.Parse($"sha256:{new string('a', 64)} expires:soon"));
    }

    private static StoreAsset Cache(long id, DateTimeOffset? expires) =>
        new(id, CacheKey.AssetName($"Ac7Kq2.U2T.{id:x64}"), 100, expires is { } e ? new CacheLabel(new string('0', 64), e).Text : null);
}
