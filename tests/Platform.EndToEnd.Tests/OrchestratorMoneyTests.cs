using System.Text.Json.Nodes;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class OrchestratorMoneyTests
{

    private static OrchestratorRepo Repo(params string[] modules)
    {
        var repo = new OrchestratorRepo();
        repo.AddModule("Aaa");
        repo.AddModule("Bbb", ["Aaa"]);
        repo.AddModule("Ccc");
        repo.AddTenant("Tnt001");
        return repo;
    }

    [Fact]
    public void All_modules_complete_exact_money_artifacts_published_and_a_second_run_does_nothing()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Bbb", "ok", true), ("Aaa", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);

        var result = repo.Orchestrate();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("COMPLETED", result.StatusOf("Wo000001"));
        Assert.Equal(25, result.WorkOrder("Wo000001")["charged"]!.GetValue<long>());
        Assert.Equal(75, repo.Balance("Tnt001"));

        var runs = repo.Rows("module_runs_log.csv");
        Assert.Equal(["Aaa", "Bbb"], runs.Select(r => r["module_id"]));
        var tag = runs.Single(r => r["module_id"] == "Bbb")["output_ref"];
        Assert.StartsWith("r-", tag, StringComparison.Ordinal);
        var release = Path.Combine(repo.Root, ".platform", "releases", tag);
        Assert.Equal("done\ndone\n", File.ReadAllText(Path.Combine(release, "out.txt")));
        Assert.Contains("\"sha256\"", File.ReadAllText(Path.Combine(release, "manifest.json")), StringComparison.Ordinal);
        Assert.Single(repo.Rows("github_releases_map.csv"));
        Assert.Equal(2, repo.Rows("github_assets_map.csv").Count);
        // The map keeps the store's numeric release ID, never the tag.
        Assert.Matches("^[0-9]+$", repo.Rows("github_releases_map.csv")[0]["github_release_id"]);

        var before = StateFiles(repo);
        var second = repo.Orchestrate();
        Assert.Equal("SKIPPED", second.StatusOf("Wo000001"));
        Assert.Equal(before, StateFiles(repo));
        Assert.Equal(2, repo.Rows("module_runs_log.csv").Count);
    }

    [Fact]
    public void A_refundable_failure_is_refunded_and_the_order_is_partial()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false), ("Ccc", "fail", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        var result = repo.Orchestrate();
        Assert.Equal("PARTIAL", result.StatusOf("Wo000001"));
        Assert.Equal(10, result.WorkOrder("Wo000001")["refunded"]!.GetValue<long>());
        Assert.Equal(90, repo.Balance("Tnt001"));
        var refund = repo.Rows("transactions.csv").Single(r => r["type"] == "REFUND");
        Assert.Equal("10", refund["amount_credits"]);
        Assert.NotEqual("", refund["reason_code"]);
    }

    [Fact]
    public void All_or_nothing_stops_at_a_failure_and_refunds_the_modules_that_never_ran()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "ALL_OR_NOTHING", ("Ccc", "crash", false), ("Aaa", "ok", false), ("Bbb", "ok", true));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        var result = repo.Orchestrate();
        Assert.Equal("FAILED", result.StatusOf("Wo000001"));
        // Ccc crashed (module_failed: not refundable); Aaa and Bbb never ran: refunded in full (10 + 10 + 5).
        Assert.Equal(25, result.WorkOrder("Wo000001")["refunded"]!.GetValue<long>());
        Assert.Equal(90, repo.Balance("Tnt001"));
        var runs = repo.Rows("module_runs_log.csv");
        Assert.Equal("FAILED", runs.Single(r => r["module_id"] == "Ccc")["status"]);
        Assert.All(runs.Where(r => r["module_id"] != "Ccc"), r => Assert.Equal("NOT_EXECUTED", r["status"]));
        Assert.False(Directory.Exists(Path.Combine(repo.Root, "runtime", "runs", "Tnt001", "Wo000001", "Aaa")));
    }

    [Fact]
    public void A_dependency_failure_leaves_the_dependent_not_executed_and_refunded()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "fail", false), ("Bbb", "ok", false), ("Ccc", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        var result = repo.Orchestrate();
        Assert.Equal("PARTIAL", result.StatusOf("Wo000001"));
        Assert.Equal(20, result.WorkOrder("Wo000001")["refunded"]!.GetValue<long>());
        Assert.Equal(90, repo.Balance("Tnt001"));
    }

    [Fact]
    public void Not_enough_credits_posts_nothing_and_the_order_runs_after_a_topup()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false), ("Ccc", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 15);
        var first = repo.Orchestrate();
        Assert.Equal("FAILED", first.StatusOf("Wo000001"));
        Assert.Equal("not_enough_credits", first.WorkOrder("Wo000001")["reason"]!.GetValue<string>());
        Assert.DoesNotContain(repo.Rows("transactions.csv"), r => r["type"] == "SPEND");
        var again = repo.Orchestrate();
        Assert.Equal("FAILED", again.StatusOf("Wo000001"));
        Assert.Single(repo.Rows("workorders_log.csv"));

        repo.Topup("Tnt001", 5, "second");
        var after = repo.Orchestrate();
        Assert.Equal("COMPLETED", after.StatusOf("Wo000001"));
        Assert.Equal(0, repo.Balance("Tnt001"));
    }

    [Fact]
    public void Suspended_tenants_and_invalid_orders_fail_without_posting_while_others_run()
    {
        using var repo = Repo();
        repo.AddTenant("Sus001", "SUSPENDED");
        repo.AddWorkOrder("Sus001", "Wo000009", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Zzz", "ok", false));
        repo.AddWorkOrder("Tnt001", "Wo000002", "PARTIAL_ALLOWED", ("Bbb", "ok", false));
        repo.AddWorkOrder("Tnt001", "Wo000003", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.WriteWorkOrder("Tnt001", "Wo000004", "PARTIAL_ALLOWED", false, [], [("Aaa", "act: ok", false)]);
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        repo.Topup("Sus001", 100);
        var result = repo.Orchestrate();
        Assert.Equal("tenant_suspended", result.WorkOrder("Wo000009")["reason"]!.GetValue<string>());
        Assert.Equal("workorder_invalid", result.WorkOrder("Wo000001")["reason"]!.GetValue<string>());
        Assert.Equal("workorder_invalid", result.WorkOrder("Wo000002")["reason"]!.GetValue<string>());
        Assert.Equal("COMPLETED", result.StatusOf("Wo000003"));
        Assert.Equal("DISABLED", result.StatusOf("Wo000004"));
        Assert.Equal(100, repo.Balance("Sus001"));
        Assert.Equal(90, repo.Balance("Tnt001"));
        Assert.Single(repo.Rows("transactions.csv"), r => r["type"] == "SPEND");
    }

    [Fact]
    public void An_edited_work_order_runs_again_and_rerun_repeats_a_finished_one()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        Assert.Equal("COMPLETED", repo.Orchestrate().StatusOf("Wo000001"));
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false), ("Ccc", "ok", false));
        Assert.Equal("COMPLETED", repo.Orchestrate().StatusOf("Wo000001"));
        Assert.Equal(70, repo.Balance("Tnt001"));
        Assert.Equal("SKIPPED", repo.Orchestrate().StatusOf("Wo000001"));
        Assert.Equal("COMPLETED", repo.Orchestrate("--rerun").StatusOf("Wo000001"));
        Assert.Equal(50, repo.Balance("Tnt001"));
    }

    [Fact]
    public void A_promotion_discounts_once_per_tenant()
    {
        using var repo = Repo();
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, ["WELCOME10"], [("Aaa", "act: ok", false), ("Ccc", "act: ok", false)]);
        repo.WriteWorkOrder("Tnt001", "Wo000002", "PARTIAL_ALLOWED", true, ["WELCOME10"], [("Aaa", "act: ok", false)]);
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        var result = repo.Orchestrate();
        Assert.Equal(10, result.WorkOrder("Wo000001")["charged"]!.GetValue<long>());
        Assert.Equal(10, result.WorkOrder("Wo000002")["charged"]!.GetValue<long>());
        Assert.Equal(80, repo.Balance("Tnt001"));
        Assert.Single(repo.Rows("promotion_redemptions.csv"));
        Assert.Single(repo.Rows("transaction_items.csv"), r => r["type"] == "DISCOUNT");
    }

    [Fact]
    public void Dry_run_prices_and_changes_nothing()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Bbb", "ok", true), ("Aaa", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        var before = StateFiles(repo);
        var result = repo.Run("orchestrator", "--dry-run", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("PLANNED", result.StatusOf("Wo000001"));
        Assert.Equal(25, result.WorkOrder("Wo000001")["charged"]!.GetValue<long>());
        Assert.Equal(before, StateFiles(repo));
    }

    [Fact]
    public void A_stale_maintenance_state_stops_the_orchestrator()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.Maintain();
        repo.AddModule("Ddd");
        var result = repo.Run("orchestrator");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("run platform maintenance", StringComparison.Ordinal));
    }

    [Fact]
    public void A_module_declaring_a_reserved_secret_is_a_structural_error()
    {
        using var repo = Repo();
        var yml = Path.Combine(repo.Root, "modules", "Ccc", "module.yml");
        File.WriteAllText(yml, File.ReadAllText(yml).Replace("requirements: []", "requirements: [{type: secret, key: GITHUB_TOKEN, note: forbidden}]", StringComparison.Ordinal));
        var result = repo.Run("maintenance");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("modules/Ccc/module.yml", StringComparison.Ordinal) && l.Contains("GITHUB_TOKEN", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declared_secret_the_platform_lacks_fails_the_order_uncharged_naming_it()
    {
        using var repo = Repo();
        var yml = Path.Combine(repo.Root, "modules", "Ccc", "module.yml");
        File.WriteAllText(yml, File.ReadAllText(yml).Replace("requirements: []", "requirements: [{type: secret, key: API_KEY, note: vendor key}]", StringComparison.Ordinal));
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false), ("Ccc", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);

        var result = repo.Orchestrate();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("FAILED", result.StatusOf("Wo000001"));
        Assert.Equal("secret_missing", result.WorkOrder("Wo000001")["reason"]!.GetValue<string>());
        Assert.Contains("Ccc_API_KEY", result.WorkOrder("Wo000001")["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(100, repo.Balance("Tnt001"));
        Assert.Single(repo.Rows("transactions.csv"));
        Assert.Empty(repo.Rows("module_runs_log.csv"));

        repo.Environment["Ccc_API_KEY"] = "k-123";
        Assert.Equal("COMPLETED", repo.Orchestrate().StatusOf("Wo000001"));
    }

    /// <summary>The billing state as published in the store and as copied locally (not run folders).</summary>
    private static Dictionary<string, string> StateFiles(OrchestratorRepo repo) =>
        repo.Snapshot().Where(p => p.Key.StartsWith(".billing-state", StringComparison.Ordinal) || p.Key.StartsWith(".platform", StringComparison.Ordinal))
            .ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void A_malformed_log_row_holds_its_work_order_and_the_others_run()
    {
        using var repo = Repo();
        // The billing-state folder as the system of record, so the test can append to its log.
        repo.Environment["PLATFORM_STORE"] = "none";
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.AddWorkOrder("Tnt001", "Wo000002", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        var log = Path.Combine(repo.StateDir, "workorders_log.csv");
        var before = Sha256(log);
        File.AppendAllText(log, "Wo000001,Tnt001,RUNNING,2026-01-04T18:00:00Z,,,charged,\"{\"\"revision\"\":\"\"r\"\",\"\"attempt\"\":\"\"two\"\"}\"\n");
        // As a damaged writer would leave it: the manifest vouches for the row.
        var manifest = Path.Combine(repo.StateDir, "state_manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(before, Sha256(log), StringComparison.Ordinal));

        var result = repo.Run("orchestrator", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("FAILED", result.StatusOf("Wo000001"));
        Assert.StartsWith("workorders_log.csv:2: metadata_json=", result.WorkOrder("Wo000001")["note"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", result.StatusOf("Wo000002"));
        Assert.Single(repo.Rows("transactions.csv"), r => r["type"] == "SPEND");
    }

    private static string Sha256(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
