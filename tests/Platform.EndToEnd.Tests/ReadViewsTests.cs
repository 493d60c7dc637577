using Platform.EndToEnd.Tests.Support;
using Platform.Files.Csv;

namespace Platform.EndToEnd.Tests;

public class ReadViewsTests
{
    /// <summary>A tenant with a top-up, a charge with a discount, a refund (Ccc fails for a refundable reason) and an adjustment.</summary>
    private static OrchestratorRepo Repo()
    {
        var repo = OrchestratorRepo.TwoTenants();
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, ["WELCOME10"], [("Aaa", "act: ok", false), ("Ccc", "act: fail", false)]);
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        Assert.Equal("PARTIAL", repo.Orchestrate().StatusOf("Wo000001"));
        var adjust = repo.Run(Adjust("+15", "fix-1"));
        Assert.True(adjust.ExitCode == 0, adjust.ToString());
        return repo;
    }

    private static string[] Adjust(string amount, string reference, string tenant = "Tnt001", string reason = "internal_error") =>
        ["admin-adjust", "--tenant-id", tenant, "--amount-credits", amount, "--reason-slug", reason, "--reference", reference, "--note", "goodwill"];

    [Fact]
    public void Statement_in_each_format_shows_every_kind_and_closes_on_the_recorded_balance()
    {
        using var repo = Repo();
        var before = repo.Snapshot();
        var balance = repo.Balance("Tnt001");

        var text = repo.Run("statement", "--tenant", "Tnt001");
        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Opening balance", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("promotion WELCOME10", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("refund: module Ccc run; bad_input: The input was bad", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("adjustment: internal_error:", text.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"Closing balance\s+{balance}\n", text.Stdout);

        var json = repo.Run("statement", "--tenant", "Tnt001", "--format", "json");
        var statement = System.Text.Json.Nodes.JsonNode.Parse(json.Stdout)!;
        Assert.Equal(0, statement["opening_balance"]!.GetValue<long>());
        Assert.Equal(balance, statement["closing_balance"]!.GetValue<long>());
        var kinds = statement["totals"]!.AsArray().ToDictionary(t => t!["kind"]!.GetValue<string>(), t => t!["amount_credits"]!.GetValue<long>());
        Assert.Equal(100, kinds["top-up"]);
        Assert.Equal(15, kinds["adjustment"]);
        Assert.True(kinds["discount"] > 0 && kinds["refund"] > 0 && kinds["charge"] < 0, json.Stdout);
        Assert.Equal(balance, kinds.Values.Sum());

        var csv = CsvFormat.ReadAll(repo.Run("statement", "--tenant", "Tnt001", "--format", "csv").Stdout);
        Assert.Equal("line", csv[0][0]);
        Assert.Equal(["closing", balance.ToString(System.Globalization.CultureInfo.InvariantCulture)], new[] { csv[^1][0], csv[^1][^1] });

        var html = repo.Run("statement", "--tenant", "Tnt001", "--format", "html").Stdout;
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<style>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=", html, StringComparison.OrdinalIgnoreCase);

        var period = repo.Run("statement", "--tenant", "Tnt001", "--from", "2026-01-05", "--json");
        Assert.Equal(balance, period.Json["statement"]!["opening_balance"]!.GetValue<long>());
        Assert.Empty(period.Json["statement"]!["transactions"]!.AsArray());
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void A_statement_that_does_not_add_up_is_exit_2_naming_the_file()
    {
        using var repo = Repo();
        var credits = Path.Combine(repo.StateDir, "tenants_credits.csv");
        File.WriteAllText(credits, File.ReadAllText(credits).Replace($"Tnt001,{repo.Balance("Tnt001")},", "Tnt001,999,", StringComparison.Ordinal));
        var result = repo.Run("statement", "--tenant", "Tnt001", "--store", "none");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("tenants_credits.csv", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Balance_lists_every_tenant_as_a_table_csv_or_json()
    {
        using var repo = Repo();
        var table = repo.Run("balance");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("credits_available", table.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"Tnt001\s+ACTIVE\s+{repo.Balance("Tnt001")}\s+2026-01-04T18:37:22Z", table.Stdout);

        var csv = repo.Run("balance", "--format", "csv").OutputLines;
        Assert.Equal(["tenant_id,status,credits_available,last_activity", $"Tnt001,ACTIVE,{repo.Balance("Tnt001")},2026-01-04T18:37:22Z", "Tnt002,ACTIVE,0,"], csv);

        var one = repo.Run("balance", "--tenant", "Tnt002", "--json");
        var tenant = Assert.Single(one.Json["tenants"]!.AsArray())!;
        Assert.Equal(0, tenant["credits_available"]!.GetValue<long>());
        Assert.Equal(2, repo.Run("balance", "--tenant", "Zz99Zz").ExitCode);
    }

    [Fact]
    public void Ledger_and_runs_filter_and_a_filter_naming_nothing_is_exit_2()
    {
        using var repo = Repo();
        var ledger = repo.Run("ledger", "--tenant", "Tnt001", "--work-order", "Wo000001", "--json");
        Assert.True(ledger.ExitCode == 0, ledger.ToString());
        var types = ledger.Json["transactions"]!.AsArray().Select(t => t!["type"]!.GetValue<string>()).ToList();
        Assert.Equal(["SPEND", "REFUND"], types);
        Assert.Contains("Wo000001", repo.Run("ledger", "--since", "2026-01-04").Stdout, StringComparison.Ordinal);
        Assert.Single(repo.Run("ledger", "--limit", "1", "--json").Json["transactions"]!.AsArray());

        var runs = repo.Run("runs", "--tenant", "Tnt001", "--json");
        var attempt = Assert.Single(runs.Json["attempts"]!.AsArray())!;
        Assert.Equal("PARTIAL", attempt["status"]!.GetValue<string>());
        Assert.Equal(["Aaa", "Ccc"], attempt["modules"]!.AsArray().Select(m => m!["module_id"]!.GetValue<string>()).Order());
        Assert.Contains("bad_input", runs.Stdout, StringComparison.Ordinal);
        Assert.Empty(repo.Run("runs", "--status", "completed", "--json").Json["attempts"]!.AsArray());

        foreach (var args in new[] { new[] { "ledger", "--tenant", "Zz99Zz" }, ["ledger", "--work-order", "Zzzzzzzz"], ["runs", "--tenant", "Zz99Zz"],
                     ["statement", "--tenant", "Zz99Zz"], ["runs", "--status", "DONE"] })
        {
            var result = repo.Run(args);
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Single(result.ErrorLines);
        }
    }

    [Fact]
    public void Admin_adjust_posts_once_and_refuses_a_conflicting_reference_and_a_negative_balance()
    {
        using var repo = Repo();
        var balance = repo.Balance("Tnt001");
        var again = repo.Run([.. Adjust("+15", "fix-1"), "--json"]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.False(again.Json["posted"]!.GetValue<bool>());

        var before = repo.Snapshot();
        var conflict = repo.Run(Adjust("+16", "fix-1"));
        Assert.True(conflict.ExitCode == 2, conflict.ToString());
        var line = Assert.Single(conflict.ErrorLines);
        Assert.Contains("amount 15", line, StringComparison.Ordinal);
        Assert.Contains("amount 16", line, StringComparison.Ordinal);
        var belowZero = repo.Run(Adjust($"-{balance + 1}", "fix-2"));
        Assert.True(belowZero.ExitCode == 2, belowZero.ToString());
        Assert.Contains("below zero", Assert.Single(belowZero.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, repo.Run(Adjust("-1", "fix-3", reason: "no_such_reason")).ExitCode);
        Assert.Equal(2, repo.Run(Adjust("0", "fix-4")).ExitCode);
        Assert.Equal(before, repo.Snapshot());

        var down = repo.Run([.. Adjust($"-{balance}", "fix-5"), "--json"]);
        Assert.True(down.ExitCode == 0, down.ToString());
        Assert.Equal(0, down.Json["balance"]!.GetValue<long>());
        Assert.Equal(0, repo.Balance("Tnt001"));
        var item = repo.Rows("transaction_items.csv")[^1];
        Assert.Equal(["ADJUSTMENT", "SPEND", $"-{balance}"], new[] { item["feature"], item["type"], item["amount_credits"] });
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
    }

    [Fact]
    public void Views_of_a_store_without_state_are_exit_2_and_create_nothing()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        var before = repo.Snapshot();
        var result = repo.Run("balance");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("holds no billing state yet", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
    }
}
