using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>Issue 13: a repository of the Python platform runs after `platform adopt` (SPEC sections 3 and 9).</summary>
public class AdoptTests
{
    private const string OpeningNote = "opening balance adopted from the Python platform";

    [Fact]
    public void Adopt_then_maintenance_verify_and_orchestrator_run_a_python_repository()
    {
        using var repo = PythonLayoutRepo.Create();

        var adopt = repo.Run("adopt");
        Assert.True(adopt.ExitCode == 0, adopt.ToString());
        var lines = adopt.OutputLines;
        Assert.Contains("moved platform/billing/promotions.csv -> config/billing/promotions.csv", lines);
        Assert.Contains("moved billing-state-seed/transactions.csv -> releases/billing-state-v1/transactions.csv", lines);
        Assert.Contains("added config/billing/payments.csv", lines);
        Assert.Contains("replaced .github/workflows/maintenance.yml", lines);
        Assert.Contains("removed .github/workflows/nightly.yml", lines);
        Assert.Contains(lines, l => l.StartsWith("posted opening balance of nxlkGI: TOPUP of 100 credits (transaction ", StringComparison.Ordinal));
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
        var maintained = repo.Snapshot();
        Assert.Equal(0, repo.Run("maintenance").ExitCode);
        Assert.Equal(maintained, repo.Snapshot());
        Assert.Equal(0, repo.Run("maintenance", "--check").ExitCode);

        var orchestrator = repo.Run("orchestrator", "--json");
        Assert.True(orchestrator.ExitCode == 0, orchestrator.ToString());
        Assert.Equal("COMPLETED", orchestrator.StatusOf("Wo000001"));
        Assert.Equal("COMPLETED", orchestrator.StatusOf("Wo000002"));
        var verify = repo.Run("verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());

        // The promotion gave its 10 credits once: 100 - (20 - 10) - 20.
        var state = repo.StateDir;
        Assert.Equal("nxlkGI,70", string.Join(',', Row(state, "tenants_credits.csv", "nxlkGI").Take(2)));
        var redemption = Assert.Single(Rows(state, "promotion_redemptions.csv"));
        Assert.Equal(["nxlkGI", "WELCOME10", "10"], redemption[1..4]);
        Assert.Single(Rows(state, "transaction_items.csv"), r => r[5] == "DISCOUNT");
        var opening = Assert.Single(Rows(state, "transactions.csv"), r => r[7] == OpeningNote);
        Assert.Equal(["TOPUP", "100"], opening[3..5]);
        Assert.Contains("opening-balance:nxlkGI", opening[8], StringComparison.Ordinal);
        Assert.Single(Rows(state, "transaction_items.csv"), r => r[1] == opening[0] && r[4] == "ADJUSTMENT" && r[6] == "100");

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
