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
}
