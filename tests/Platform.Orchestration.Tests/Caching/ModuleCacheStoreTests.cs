using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Orchestration.Caching;
using Platform.Orchestration.Tests.Artifacts;
using Platform.Repository.Loading;
using Platform.Repository.Modules;
using Platform.State.Stores.Releases;
using Platform.State.Tables.Rows;

namespace Platform.Orchestration.Tests.Caching;

/// <summary>
/// The cache release in a local store: saves keep it under the asset limit by evicting (expired caches
/// first, then the oldest), a newer cache replaces the older of its key, broken uploads are looked at
/// before they are repeated, and a save that fails costs one warning line, never the run.
/// </summary>
public sealed class ModuleCacheStoreTests : IDisposable
{
    private static readonly TenantId Tenant = SampleOrder.Tenant;
    private static readonly DateTimeOffset Now = SampleOrder.Now;

    /// <summary>Small limits, so a test fills the release with a handful of saves.</summary>
    private static readonly CacheLimits Small = new(MaxAssets: 10, HighWater: 6, LowWater: 3, MaxEvictionsPerSave: 10);

    private readonly SampleRepository sample = new();
    private readonly TempFolder temp = new();
    private readonly FlakyReleaseStore store;
    private readonly ModuleContract module;
    private readonly List<string> warnings = [];

    public ModuleCacheStoreTests()
    {
        store = new FlakyReleaseStore(temp.Combine("store"));
        module = RepositoryLoader.Load(sample.Root).RequireValid().ModulesById[ModuleId.Parse("U2T", "module_id")];
        temp.Write("out/source.txt", "Topic: Tides\n");
    }

    [Fact]
    public void A_save_at_the_high_water_mark_evicts_expired_caches_first_then_the_oldest_down_to_the_low_water_mark()
    {
        var cache = new ModuleCacheStore(store, Small);
        // Topics 3 and 4 were saved two weeks ago: their week is over. The others are live.
        foreach (var topic in new[] { 0, 1, 2 })
        {
            Save(cache, topic, Now);
        }
        Save(cache, 3, Now.AddDays(-14));
        Save(cache, 4, Now.AddDays(-14));
        Save(cache, 5, Now);

        Save(cache, 6, Now);

        Assert.Equal([1, 2, 5, 6], Topics());
        Assert.Equal(3, store.Deletes);
    }

    [Fact]
    public void Saves_keep_the_release_at_or_below_the_high_water_mark_with_a_bounded_number_of_deletes_each()
    {
        var cache = new ModuleCacheStore(store, Small with { LowWater = 2, MaxEvictionsPerSave = 2 });

        for (var topic = 0; topic < 40; topic++)
        {
            var deletesBefore = store.Deletes;
            Assert.NotNull(cache.TrySave(Key(topic), Tenant, module, temp.Combine("out"), ["source.txt"], Now, warnings.Add));
            Assert.InRange(store.Deletes - deletesBefore, 0, 2);
            Assert.InRange(Assets().Count, 1, Small.HighWater);
        }

        Assert.Empty(warnings);
        Assert.Contains(39, Topics());
    }

    [Fact]
    public void The_limits_for_GitHub_keep_a_full_release_of_a_thousand_caches_working()
    {
        var cache = new ModuleCacheStore(store);
        var release = cache.Release();
        var archive = temp.Write("filler.tar.gz", "old");
        for (var i = 0; i < CacheLimits.GitHubMaxAssets - 1; i++)
        {
            var key = $"{Tenant.Value}.U2T.{i.ToString("x64", CultureInfo.InvariantCulture)}";
            store.Inner.UploadAsset(release, CacheKey.AssetName(key), archive);
        }

        Assert.NotNull(cache.TrySave(Key(0), Tenant, module, temp.Combine("out"), ["source.txt"], Now, warnings.Add));

        Assert.Empty(warnings);
        Assert.Equal(CacheLimits.DefaultMaxEvictionsPerSave, store.Deletes);
        Assert.Equal(CacheLimits.GitHubMaxAssets - CacheLimits.DefaultMaxEvictionsPerSave, Assets().Count);
    }

    [Fact]
    public void An_index_row_whose_cache_was_evicted_is_a_miss()
    {
        var cache = new ModuleCacheStore(store, Small);
        var first = Save(cache, 0, Now);
        for (var topic = 1; topic <= Small.HighWater; topic++)
        {
            Save(cache, topic, Now);
        }

        Assert.DoesNotContain(0, Topics());
        Assert.Null(cache.TryRestore(first.CacheId, temp.Combine("restored"), warnings.Add));
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_newer_cache_replaces_the_older_of_the_same_key()
    {
        var cache = new ModuleCacheStore(store, Small);
        var older = Save(cache, 0, Now.AddDays(-1));
        temp.Write("out/source.txt", "Topic: Tides, again\n");

        var newer = Save(cache, 0, Now);

        Assert.NotEqual(older.CacheId, newer.CacheId);
        Assert.Equal(newer.CacheId, Assert.Single(Assets()).Id.ToString(CultureInfo.InvariantCulture));
        Assert.Null(cache.TryRestore(older.CacheId, temp.Combine("older"), warnings.Add));
        Assert.Equal(["source.txt"], cache.TryRestore(newer.CacheId, temp.Combine("newer"), warnings.Add));
        Assert.Equal("Topic: Tides, again\n", File.ReadAllText(temp.Combine("newer", "source.txt")));
        Assert.Empty(warnings);
    }

    [Fact]
    public void An_upload_whose_answer_was_lost_is_found_and_kept_not_repeated()
    {
        var cache = new ModuleCacheStore(store, Small);
        store.Breaks.Enqueue(UploadBreak.LostAnswer);

        var row = Save(cache, 0, Now);

        var asset = Assert.Single(Assets());
        Assert.Equal(1, store.Uploads);
        Assert.Equal(asset.Id.ToString(CultureInfo.InvariantCulture), row.CacheId);
        Assert.Equal(row.ExpiresAt, CacheLabel.Parse(asset.Label)!.ExpiresAt);
        Assert.Equal(["source.txt"], cache.TryRestore(row.CacheId, temp.Combine("restored"), warnings.Add));
    }

    [Fact]
    public void A_broken_off_upload_is_deleted_and_uploaded_again()
    {
        var cache = new ModuleCacheStore(store, Small);
        store.Breaks.Enqueue(UploadBreak.Starter);

        var row = Save(cache, 0, Now);

        var asset = Assert.Single(Assets());
        Assert.True(asset.Complete);
        Assert.True(asset.Size > 0);
        Assert.Equal((2, 1), (store.Uploads, store.Deletes));
        Assert.Equal(asset.Id.ToString(CultureInfo.InvariantCulture), row.CacheId);
    }

    [Fact]
    public void A_store_that_fails_costs_the_cache_only_with_one_warning_line()
    {
        var cache = new ModuleCacheStore(store, Small);
        store.Otherwise = UploadBreak.Refused;

        var row = cache.TrySave(Key(0), Tenant, module, temp.Combine("out"), ["source.txt"], Now, warnings.Add);

        Assert.Null(row);
        var warning = Assert.Single(warnings);
        Assert.StartsWith("warning: cache of Ac7Kq2/U2T not saved", warning, StringComparison.Ordinal);
        Assert.Contains("refused", warning, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', warning);
    }

    [Fact]
    public void A_release_at_the_limit_that_eviction_cannot_shrink_refuses_the_save_with_a_warning()
    {
        var cache = new ModuleCacheStore(store, Small);
        var release = cache.Release();
        var other = temp.Write("other.txt", "not a cache");
        for (var i = 0; i < Small.MaxAssets; i++)
        {
            store.UploadAsset(release, $"note-{i}.txt", other);
        }

        Assert.Null(cache.TrySave(Key(0), Tenant, module, temp.Combine("out"), ["source.txt"], Now, warnings.Add));

        Assert.Contains("already holds 10 assets, the most the store takes", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.Equal(0, store.Deletes);
        Assert.Equal(Small.MaxAssets, Assets().Count);
    }

    [Fact]
    public void Refused_deletes_stop_eviction_but_not_a_save_the_release_still_has_room_for()
    {
        var cache = new ModuleCacheStore(store, Small);
        for (var topic = 0; topic < Small.HighWater; topic++)
        {
            Save(cache, topic, Now);
        }
        store.RefuseDeletes = true;

        Assert.NotNull(cache.TrySave(Key(99), Tenant, module, temp.Combine("out"), ["source.txt"], Now, warnings.Add));

        Assert.Empty(warnings);
        Assert.Equal(1, store.Deletes);
        Assert.Equal(Small.HighWater + 1, Assets().Count);
    }

    [Fact]
    public void Invalid_limits_are_refused_when_the_store_is_made()
    {
        Assert.Throws<ArgumentException>(() => new ModuleCacheStore(store, Small with { LowWater = Small.HighWater }));
        Assert.Throws<ArgumentException>(() => new ModuleCacheStore(store, Small with { MaxAssets = Small.HighWater }));
        Assert.Throws<ArgumentException>(() => new ModuleCacheStore(store, Small with { MaxEvictionsPerSave = 0 }));
    }

    private CacheIndexRow Save(ModuleCacheStore cache, int topic, DateTimeOffset now) =>
        cache.Save(Key(topic), Tenant, module, temp.Combine("out"), ["source.txt"], now);

    private string Key(int topic) => CacheKey.For(Tenant, module, new JsonObject { ["topic"] = $"topic {topic}" });

    private IReadOnlyList<StoreAsset> Assets() => store.ListAssets(store.GetRelease(ModuleCacheStore.Tag)!);

    /// <summary>The topics (of 0 to 99) whose caches the release holds, oldest first.</summary>
    private List<int> Topics()
    {
        var byName = Enumerable.Range(0, 100).ToDictionary(t => CacheKey.AssetName(Key(t)), t => t);
        return Assets().Select(a => byName[a.Name]).ToList();
    }

    public void Dispose()
    {
        temp.Dispose();
        sample.Dispose();
    }
}
