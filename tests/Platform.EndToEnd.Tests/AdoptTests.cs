using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>Issue 13: a repository of the Python platform runs after `platform adopt` (SPEC sections 3 and 9).</summary>
public class AdoptTests
{
    private const string OpeningNote = "opening balance adopted from the Python platform";

    /// <summary>
    /// The sample's Mx1 (priced 20, completes) runs Wo000001 and Wo000002, both naming WELCOME10; modules
    /// at the default price 10, all in the Python platform's shape, run one work order each: Mx2 fails with
    /// its own reason (refundable by default), Mx3 raises (module_failed, not refunded), Mx4 sleeps past its
    /// one-second timeout with a child (module_timeout, not refunded).
    /// </summary>
    [Fact]
    public void Adopt_then_maintenance_verify_and_orchestrator_run_a_python_repository_and_its_python_modules()
    {
        using var repo = PythonLayoutRepo.Create();
        var nap = "600." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        PythonLayoutRepo.AddModule(repo, "Mx2", """
            def run(params, outputs_dir):
                return {"files": [], "status": "failed", "reason_slug": "feed_empty"}
            """, [], "  - {reason_key: Py8, reason_slug: feed_empty, description: The feed was empty}\n");
        PythonLayoutRepo.AddModule(repo, "Mx3", """
            def run(params, outputs_dir):
                raise ConnectionError("the feed is down")
            """, [], "  - {reason_key: Py9, reason_slug: feed_down, category_id: '01', description: The feed is down}\n");
        PythonLayoutRepo.AddModule(repo, "Mx4", """
            import subprocess
            import time

            def run(params, outputs_dir):
                child = subprocess.Popen(["sleep", params["nap"]])
                print("started child", child.pid, flush=True)
                time.sleep(float(params["nap"]))
                return {"files": [], "status": "COMPLETED"}
            """, ["nap"], "  - {reason_key: PyA, reason_slug: too_slow, description: Too slow}\n", timeoutSeconds: 1);
        PythonLayoutRepo.AddWorkOrder(repo, "Wo000003", "Mx2");
        PythonLayoutRepo.AddWorkOrder(repo, "Wo000004", "Mx3");
        PythonLayoutRepo.AddWorkOrder(repo, "Wo000005", "Mx4", $"{{nap: '{nap}'}}");

        var adopt = repo.Run("adopt");
        Assert.True(adopt.ExitCode == 0, adopt.ToString());
        var lines = adopt.OutputLines;
        Assert.Contains("moved platform/billing/promotions.csv -> config/billing/promotions.csv", lines);
        Assert.Contains("moved billing-state-seed/transactions.csv -> releases/billing-state-v1/transactions.csv", lines);
        Assert.Contains("added config/billing/payments.csv", lines);
        Assert.Contains("replaced .github/workflows/maintenance.yml", lines);
        Assert.Contains("removed .github/workflows/nightly.yml", lines);
        var posted = Assert.Single(lines, l => l.StartsWith("posted opening balance of nxlkGI: TOPUP of 100 credits (transaction ", StringComparison.Ordinal));
        Assert.True(File.Exists(repo.PathOf(".platform/releases/billing-state-v1/legacy-v1.state_manifest.json")), "the v1 release is adopted by the first write");
        Assert.False(Directory.Exists(repo.PathOf("platform/billing")));
        Assert.False(Directory.Exists(repo.PathOf("billing-state-seed")));
        Assert.True(File.Exists(repo.PathOf(".github/workflows/lint.yml")));
        Assert.True(File.Exists(repo.PathOf(".github/workflows/orchestrator.yml")));

        // The platform-raised GLOBAL reasons the repository lacks are stale until maintenance appends them.
        var check = repo.Run("maintenance", "--check");
        Assert.Equal(2, check.ExitCode);
        Assert.Contains("config/global_reasons.yml", check.Stdout + check.Stderr, StringComparison.Ordinal);
        var maintenance = repo.Run("maintenance");
        Assert.True(maintenance.ExitCode == 0, maintenance.ToString());
        var reasons = File.ReadAllText(repo.PathOf("config/global_reasons.yml"));
        Assert.StartsWith("reasons:\n- reason_key: Py1\n", reasons, StringComparison.Ordinal);
        Assert.Contains("- {reason_key: ", reasons, StringComparison.Ordinal);
        Assert.Contains("reason_slug: module_timeout", reasons, StringComparison.Ordinal);
        var catalog = File.ReadAllText(repo.PathOf("maintenance-state/reason_catalog.csv"));
        Assert.Contains(",not_enough_credits,16,Billing,", catalog, StringComparison.Ordinal);
        Assert.Contains(",tenant_suspended,16,Billing,", catalog, StringComparison.Ordinal);
        Assert.Contains(",source_down,01,Acquisition,", catalog, StringComparison.Ordinal);
        Assert.Contains(",feed_empty,01,Acquisition,", catalog, StringComparison.Ordinal);
        var maintained = repo.Snapshot();
        Assert.Equal(0, repo.Run("maintenance").ExitCode);
        Assert.Equal(maintained, repo.Snapshot());
        Assert.Equal(0, repo.Run("maintenance", "--check").ExitCode);
        var verified = repo.Run("verify");
        Assert.True(verified.ExitCode == 0, verified.ToString());

        var orchestrator = repo.Run("orchestrator", "--json", "--sandbox", "required");
        Assert.True(orchestrator.ExitCode == 0, orchestrator.ToString());
        var verify = repo.Run("verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // Each work order's charge, refund and the balance after it, computed from the prices.
        const long Opening = 100, Mx1Price = 20, DefaultPrice = 10, Discount = 10;
        var expected = new (string WorkOrder, string Status, string? Reason, long Charged, long Refunded)[]
        {
            ("Wo000001", "COMPLETED", null, Mx1Price - Discount, 0),
            ("Wo000002", "COMPLETED", null, Mx1Price, 0),
            ("Wo000003", "FAILED", "feed_empty", DefaultPrice, DefaultPrice),
            ("Wo000004", "FAILED", "module_failed", DefaultPrice, 0),
            ("Wo000005", "FAILED", "module_timeout", DefaultPrice, 0),
        };
        var balance = Opening;
        foreach (var (workOrder, status, reason, charged, refunded) in expected)
        {
            balance += refunded - charged;
            var row = orchestrator.WorkOrder(workOrder);
            Assert.Equal((workOrder, status, reason, charged, refunded, balance),
                (workOrder, row["status"]!.GetValue<string>(), row["reason"]?.GetValue<string>(), row["charged"]!.GetValue<long>(), row["refunded"]!.GetValue<long>(), row["balance_after"]!.GetValue<long>()));
        }
        Assert.Equal(50, balance);

        // The ledger says the same: the opening TOPUP, one SPEND per work order net of its discount, one REFUND.
        var state = repo.StateDir;
        Assert.Equal(balance.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(StateRows.Read(state, "tenants_credits.csv"))["credits_available"]);
        var transactions = StateRows.Read(state, "transactions.csv");
        var opening = Assert.Single(transactions, r => r["note"] == OpeningNote);
        Assert.Equal(("TOPUP", "100"), (opening["type"], opening["amount_credits"]));
        Assert.Contains(opening["transaction_id"], posted, StringComparison.Ordinal);
        Assert.Contains("opening-balance:nxlkGI", opening["metadata_json"], StringComparison.Ordinal);
        var items = StateRows.Read(state, "transaction_items.csv");
        Assert.Single(items, r => r["transaction_id"] == opening["transaction_id"] && r["feature"] == "ADJUSTMENT" && r["amount_credits"] == "100");
        foreach (var (workOrder, _, _, charged, refunded) in expected)
        {
            var rows = transactions.Where(r => r["work_order_id"] == workOrder).ToList();
            Assert.Equal(-charged, rows.Where(r => r["type"] == "SPEND").Sum(r => long.Parse(r["amount_credits"], System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(refunded, rows.Where(r => r["type"] == "REFUND").Sum(r => long.Parse(r["amount_credits"], System.Globalization.CultureInfo.InvariantCulture)));
        }
        Assert.Equal(balance, transactions.Sum(r => long.Parse(r["amount_credits"], System.Globalization.CultureInfo.InvariantCulture)));

        // The promotion gave its discount once: on Wo000001, not on the work orders after it.
        var redemption = Assert.Single(StateRows.Read(state, "promotion_redemptions.csv"));
        Assert.Equal(("nxlkGI", "WELCOME10", Discount.ToString(System.Globalization.CultureInfo.InvariantCulture)), (redemption["tenant_id"], redemption["promo_code"], redemption["credits_granted"]));
        var discount = Assert.Single(items, r => r["type"] == "DISCOUNT");
        Assert.Equal("Wo000001", Assert.Single(transactions, r => r["transaction_id"] == discount["transaction_id"])["work_order_id"]);

        // The raised exception is in the run's stderr.log; the timed-out module's child died with it.
        var runs = StateRows.Read(state, "module_runs_log.csv");
        string RunLog(string module, string log) =>
            File.ReadAllText(repo.PathOf(Path.Combine("runtime", runs.Single(r => r["module_id"] == module)["report_path"], log)));
        Assert.Contains("ConnectionError: the feed is down", RunLog("Mx3", "stderr.log"), StringComparison.Ordinal);
        Assert.StartsWith("started child ", RunLog("Mx4", "stdout.log"), StringComparison.Ordinal);
        Assert.False(ProcessList.Running(nap), "the timed-out module's child outlived its run");

        var before = repo.Snapshot();
        var again = repo.Run("adopt", "--json");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.False(again.Json["changed"]!.GetValue<bool>());
        Assert.Empty(again.Json["changes"]!.AsArray());
        Assert.Empty(again.Json["opening_balances"]!.AsArray());
        Assert.Equal(before, repo.Snapshot());
        Assert.Equal("nothing to adopt: the repository and its billing state are adopted already", Assert.Single(repo.Run("adopt").OutputLines));
    }

    [Fact]
    public void Adopt_dry_run_lists_the_changes_and_changes_nothing()
    {
        using var repo = PythonLayoutRepo.Create();
        var before = repo.Snapshot();
        var dry = repo.Run("adopt", "--dry-run", "--json");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(before, repo.Snapshot());
        Assert.True(dry.Json["dry_run"]!.GetValue<bool>());
        Assert.False(dry.Json["changed"]!.GetValue<bool>());
        var changes = dry.Json["changes"]!.AsArray().Select(c => $"{c!["action"]} {c["path"]}").ToList();
        Assert.Contains("move config/billing/module_prices.csv", changes);
        Assert.Contains("move releases/billing-state-v1/README.md", changes);
        var balance = Assert.Single(dry.Json["opening_balances"]!.AsArray())!;
        Assert.Equal("nxlkGI", balance["tenant_id"]!.GetValue<string>());
        Assert.Equal(100, balance["amount_credits"]!.GetValue<long>());
        Assert.Contains(repo.Run("adopt", "--dry-run").OutputLines, l => l.StartsWith("would post opening balance of nxlkGI: TOPUP of 100 credits;", StringComparison.Ordinal));
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void A_balance_below_what_its_transactions_explain_becomes_an_opening_spend_adjustment()
    {
        using var repo = PythonLayoutRepo.Create(new Dictionary<string, string>
        {
            ["tenants_credits.csv"] = "nxlkGI,250,2025-12-01T00:00:00Z,active\n",
            ["transactions.csv"] = "Tx000001,nxlkGI,,TOPUP,300,2025-11-01T00:00:00Z,,wire,\n",
            ["transaction_items.csv"] = "It000001,Tx000001,nxlkGI,,ADMIN_TOPUP,TOPUP,300,2025-11-01T00:00:00Z,,\n",
        }, store: "none");
        var verify = repo.Run("verify", "--only", "state");
        Assert.Equal(2, verify.ExitCode);
        Assert.Contains("credits_available='250': differs from the sum of the tenant's transactions (300)", verify.Stdout + verify.Stderr, StringComparison.Ordinal);

        var adopt = repo.Run("adopt");
        Assert.True(adopt.ExitCode == 0, adopt.ToString());
        Assert.Contains(adopt.OutputLines, l => l.StartsWith("posted opening balance of nxlkGI: SPEND of -50 credits (transaction ", StringComparison.Ordinal));
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        var opening = Assert.Single(Rows(repo.StateDir, "transactions.csv"), r => r[7] == OpeningNote);
        Assert.Equal(["SPEND", "-50"], opening[3..5]);
        Assert.Equal("nxlkGI,250,2026-01-04T18:37:22Z,ACTIVE", string.Join(',', Row(repo.StateDir, "tenants_credits.csv", "nxlkGI")));
        Assert.Empty(repo.Run("adopt", "--json").Json["opening_balances"]!.AsArray());
    }

    [Fact]
    public void A_python_file_that_differs_from_its_new_place_is_refused_and_nothing_changes()
    {
        using var repo = PythonLayoutRepo.Create();
        repo.Write("config/billing/promotions.csv", "promo_id,code,type,value_credits,max_uses_per_tenant,valid_from,valid_to,active,rules_json,notes\n");
        var before = repo.Snapshot();
        var adopt = repo.Run("adopt");
        Assert.Equal(2, adopt.ExitCode);
        Assert.Contains("error: platform/billing/promotions.csv: differs from config/billing/promotions.csv", Assert.Single(adopt.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
    }

    private static List<string[]> Rows(string stateDir, string table) =>
        Platform.Files.Csv.CsvFormat.ReadAll(File.ReadAllText(Path.Combine(stateDir, table))).Skip(1).Select(r => r.ToArray()).ToList();

    private static string[] Row(string stateDir, string table, string key) => Rows(stateDir, table).Single(r => r[0] == key);
}
