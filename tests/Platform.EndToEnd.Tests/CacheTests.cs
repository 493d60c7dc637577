using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class CacheTests
{
    private static OrchestratorRepo Repo()
    {
        var repo = new OrchestratorRepo();
        repo.AddModule("Kch", cache: true);
        repo.AddModule("Use", ["Kch"]);
        repo.AddTenant("Tnt001");
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [], [("Kch", "act: ok", false)]);
        repo.WriteWorkOrder("Tnt001", "Wo000002", "PARTIAL_ALLOWED", true, [], [("Kch", "act: ok", false), ("Use", "act: ok", false)], reuseCache: true);
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        return repo;
    }

    [Fact]
    public void A_valid_cache_is_reused_and_its_run_price_refunded_with_skipped_cache()
    {
        using var repo = Repo();
        var first = repo.Orchestrate("--work-order", "Wo000001");
        Assert.True(first.ExitCode == 0, first.ToString());
        var index = Assert.Single(repo.Rows("cache_index.csv"));
        Assert.StartsWith("Tnt001.Kch.", index["cache_key"], StringComparison.Ordinal);
        Assert.Equal("2026-01-05T18:37:22Z", index["expires_at"]);

        var second = repo.Orchestrate("--work-order", "Wo000002");
        Assert.True(second.ExitCode == 0, second.ToString());
        var order = second.Json["work_orders"]!.AsArray().Single()!;
        Assert.Equal("COMPLETED", order["status"]!.GetValue<string>());
        Assert.Equal(10, order["refunded"]!.GetValue<long>());
        Assert.Equal(100 - 10 - 20 + 10, repo.Balance("Tnt001"));
        var hit = repo.Rows("module_runs_log.csv").Last(r => r["module_id"] == "Kch");
        Assert.Contains("cache_hit", hit["metadata_json"], StringComparison.Ordinal);
        // The dependent module received the restored outputs as its upstream.
        var use = repo.Rows("module_runs_log.csv").Single(r => r["module_id"] == "Use");
        Assert.Equal("done\ndone\n", File.ReadAllText(Path.Combine(repo.Root, "runtime", use["report_path"], "outputs", "out.txt")));
    }

    [Fact]
    public void An_expired_cache_is_not_reused_and_prune_deletes_it_only_when_asked()
    {
        using var repo = Repo();
        repo.Orchestrate("--work-order", "Wo000001");
        repo.Environment["PLATFORM_NOW"] = "2026-01-06T00:00:00Z";
        var second = repo.Orchestrate("--work-order", "Wo000002");
        Assert.Equal(0, second.Json["work_orders"]!.AsArray().Single()!["refunded"]!.GetValue<long>());

        repo.Environment["PLATFORM_NOW"] = "2026-01-09T00:00:00Z";
        var dry = repo.Run("cache-prune", "--json");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(1, dry.Json["expired"]!.GetValue<int>());
        Assert.Equal(0, dry.Json["deleted_caches"]!.GetValue<int>());
        Assert.Single(repo.Rows("cache_index.csv"));

        var delete = repo.Run("cache-prune", "--delete", "--json");
        Assert.Equal(1, delete.Json["deleted_caches"]!.GetValue<int>());
        Assert.Empty(repo.Rows("cache_index.csv"));
        Assert.Empty(Directory.GetFiles(Path.Combine(repo.Root, ".platform", "releases", "module-cache-v1"), "*.tar.gz"));
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
    }

    [Fact]
    public void Prune_registers_an_orphan_cache_for_a_year()
    {
        using var repo = Repo();
        repo.Orchestrate("--work-order", "Wo000001");
        // An asset with no index row, as a crash between its upload and the settlement leaves one.
        var store = new Platform.State.Stores.Local.LocalReleaseStore(Path.Combine(repo.Root, ".platform", "releases"));
        var release = store.GetRelease("module-cache-v1")!;
        var archive = Path.Combine(repo.Root, "orphan.tar.gz");
        File.WriteAllBytes(archive, [1, 2, 3]);
        var key = "Tnt001.Use." + new string('a', 64);
        store.UploadAsset(release, key + ".tar.gz", archive);

        var result = repo.Run("cache-prune", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, result.Json["registered_orphans"]!.GetValue<int>());
        var row = repo.Rows("cache_index.csv").Single(r => r["cache_key"] == key);
        Assert.Equal(["Tnt001", "Use", "2026-01-04T18:37:22Z", "2027-01-04T18:37:22Z"], new[] { row["tenant_id"], row["module_id"], row["created_at"], row["expires_at"] });
        Assert.Equal(0, repo.Run("cache-prune", "--json").Json["registered_orphans"]!.GetValue<int>());
    }

    [Fact]
    public void A_cache_release_near_the_limit_is_evicted_before_the_save_and_the_save_still_works()
    {
        using var repo = Repo();
        repo.Orchestrate("--work-order", "Wo000001");
        // 999 more caches: with the first one, the thousand GitHub takes at most.
        var (store, release) = CacheRelease(repo);
        Fill(repo, store, release, 999, i => $"Tnt001.Use.{i:x64}.tar.gz");

        var again = repo.Orchestrate("--work-order", "Wo000001", "--rerun");

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal("COMPLETED", again.StatusOf("Wo000001"));
        var assets = store.ListAssets(release);
        Assert.Equal(1000 - 50, assets.Count);
        var index = Assert.Single(repo.Rows("cache_index.csv"));
        Assert.Contains(assets, a => a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == index["cache_id"]);
        Assert.DoesNotContain("warning: cache", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cache_the_store_cannot_take_costs_one_warning_and_the_work_order_still_completes()
    {
        using var repo = Repo();
        // A release already at the limit with assets that are not caches: eviction cannot make room.
        var store = new Platform.State.Stores.Local.LocalReleaseStore(Path.Combine(repo.Root, ".platform", "releases"));
        Fill(repo, store, store.CreateRelease("module-cache-v1"), 1000, i => $"note-{i}.txt");

        var result = repo.Orchestrate("--work-order", "Wo000001");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("COMPLETED", result.StatusOf("Wo000001"));
        // One line, whole: what went wrong and that the run is not affected.
        var warning = Assert.Single(result.Stderr.Split('\n'), l => l.Contains("warning: cache", StringComparison.Ordinal));
        Assert.Contains("cache of Tnt001/Kch not saved (the run is not affected", warning, StringComparison.Ordinal);
        Assert.Contains("already holds 1000 assets, the most the store takes", warning, StringComparison.Ordinal);
        Assert.Empty(repo.Rows("cache_index.csv"));
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
    }

    private static (Platform.State.Stores.Local.LocalReleaseStore Store, Platform.State.Stores.Releases.StoreRelease Release) CacheRelease(OrchestratorRepo repo)
    {
        var store = new Platform.State.Stores.Local.LocalReleaseStore(Path.Combine(repo.Root, ".platform", "releases"));
        return (store, store.GetRelease("module-cache-v1")!);
    }

    private static void Fill(OrchestratorRepo repo, Platform.State.Stores.Local.LocalReleaseStore store, Platform.State.Stores.Releases.StoreRelease release,
        int count, Func<int, string> name)
    {
        var filler = Path.Combine(repo.Root, "filler.bin");
        File.WriteAllBytes(filler, [1, 2, 3]);
        for (var i = 0; i < count; i++)
        {
            store.UploadAsset(release, name(i), filler);
        }
    }
}
