using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>What an operator reads: a line per work order, the summary tables and, for programs, one JSON object.</summary>
public class OrchestratorOutputTests
{
    /// <summary>
    /// Tnt001 (100 credits): Wo000001 completes (10), Wo000002 runs Aaa and fails Ccc refundably
    /// (charged 20, refunded 10). Tnt002 (5 credits): Wo000003 costs 10, not enough credits.
    /// </summary>
    private static OrchestratorRepo Repo()
    {
        var repo = OrchestratorRepo.TwoTenants();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.AddWorkOrder("Tnt001", "Wo000002", "PARTIAL_ALLOWED", ("Aaa", "ok", false), ("Ccc", "fail", false));
        repo.AddWorkOrder("Tnt002", "Wo000003", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        repo.Topup("Tnt002", 5);
        return repo;
    }

    [Fact]
    public void Redirected_output_has_a_line_per_work_order_and_summary_tables_with_balances_the_state_confirms()
    {
        using var repo = Repo();
        var result = repo.Run("orchestrator");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain('\u001b', result.Stdout);
        Assert.DoesNotContain("progress:", result.Stdout, StringComparison.Ordinal);

        Assert.Equal(
            [
                ["Tnt001/Wo000001", "COMPLETED", "charged 10", "refunded 0", "balance 90"],
                ["Tnt001/Wo000002", "PARTIAL", "charged 20", "refunded 10", "balance 80", "reason: bad_input"],
                ["Tnt002/Wo000003", "FAILED", "charged 0", "refunded 0", "balance 5", "reason: not_enough_credits", "note: needs 10 credits, has 5"],
            ],
            OrderLines(result));
        Assert.Contains(result.OutputLines, l => l.StartsWith("balance: credits the tenant has once this work order is settled", StringComparison.Ordinal));

        Assert.Equal(["status", "work orders", "charged", "refunded", "net"], TableRow(result, "status"));
        Assert.Equal(["COMPLETED", "1", "10", "0", "10"], TableRow(result, "COMPLETED"));
        Assert.Equal(["PARTIAL", "1", "20", "10", "10"], TableRow(result, "PARTIAL"));
        Assert.Equal(["FAILED", "1", "0", "0", "0"], TableRow(result, "FAILED"));
        Assert.Equal(["total", "3", "30", "10", "20"], TableRow(result, "total"));
        Assert.Equal(["tenant", "work orders", "completed", "partial", "failed", "charged", "refunded", "balance after"], TableRow(result, "tenant"));
        Assert.Equal(["Tnt001", "2", "1", "1", "0", "30", "10", "80"], TableRow(result, "Tnt001"));
        Assert.Equal(["Tnt002", "1", "0", "0", "1", "0", "0", "5"], TableRow(result, "Tnt002"));
        Assert.Equal((80L, 5L), (repo.Balance("Tnt001"), repo.Balance("Tnt002")));
        Assert.Equal("3 work order(s): 1 COMPLETED, 1 FAILED, 1 PARTIAL", result.OutputLines[^1]);
    }

    [Fact]
    public void A_dry_run_shows_prices_and_the_balance_each_work_order_would_leave()
    {
        using var repo = Repo();
        var result = repo.Run("orchestrator", "--dry-run");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
            [
                ["Tnt001/Wo000001", "PLANNED", "price 10", "balance 90", "note: Aaa run 10"],
                ["Tnt001/Wo000002", "PLANNED", "price 20", "balance 70", "note: Aaa run 10, Ccc run 10"],
                ["Tnt002/Wo000003", "FAILED", "price 0", "balance 5", "reason: not_enough_credits", "note: needs 10 credits, has 5"],
            ],
            OrderLines(result));
        Assert.Equal(["tenant", "work orders", "planned", "failed", "price", "balance after"], TableRow(result, "tenant"));
        Assert.Equal(["Tnt001", "2", "2", "0", "30", "70"], TableRow(result, "Tnt001"));
        Assert.Equal("dry run: 3 work order(s): 1 FAILED, 2 PLANNED", result.OutputLines[^1]);
    }

    [Fact]
    public void Json_output_is_one_object_with_the_same_balances_and_a_row_per_tenant()
    {
        using var repo = Repo();
        var plan = repo.Run("orchestrator", "--json", "--dry-run");
        var run = repo.Run("orchestrator", "--json");
        foreach (var result in new[] { plan, run })
        {
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Single(result.OutputLines);
            using var document = JsonDocument.Parse(result.Stdout);
            // The earlier fields, plus net and tenants.
            Assert.Equal(["charged", "counts", "dry_run", "exit_code", "net", "ok", "refunded", "tenants", "work_orders"],
                document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }
        Assert.Equal([90L, 70, 5], plan.Json["work_orders"]!.AsArray().Select(o => o!["balance_after"]!.GetValue<long>()));
        Assert.Equal([90L, 80, 5], run.Json["work_orders"]!.AsArray().Select(o => o!["balance_after"]!.GetValue<long>()));
        Assert.Equal(20m, run.Json["net"]!.GetValue<decimal>());
        var tenant = run.Json["tenants"]!.AsArray().Single(t => t!["tenant_id"]!.GetValue<string>() == "Tnt001")!;
        Assert.Equal((2, 30m, 10m, 80L), (tenant["work_orders"]!.GetValue<int>(), tenant["charged"]!.GetValue<decimal>(),
            tenant["refunded"]!.GetValue<decimal>(), tenant["balance_after"]!.GetValue<long>()));
        Assert.Equal(1, tenant["counts"]!["PARTIAL"]!.GetValue<int>());
    }

    /// <summary>The per-work-order lines, split into their columns (two or more spaces apart).</summary>
    private static List<string[]> OrderLines(CliResult result) =>
        result.OutputLines.Where(l => Regex.IsMatch(l, "^Tnt[0-9]{3}/Wo[0-9]{6} ")).Select(l => Regex.Split(l, " {2,}")).ToList();

    /// <summary>The cells of the (Markdown) table row whose first cell is <paramref name="first"/>.</summary>
    private static string[] TableRow(CliResult result, string first) =>
        result.OutputLines.Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray()).Single(cells => cells[0] == first);

    [Fact]
    public async Task Without_a_terminal_a_long_module_run_shows_progress_lines_on_stderr()
    {
        using var repo = new OrchestratorRepo();
        repo.AddModule("Aaa");
        repo.AddTenant("Tnt001");
        var fifo = Path.Combine(repo.Exchange, "go.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [], [("Aaa", $"act: await, fifo: {fifo}", false)]);
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        var environment = new Dictionary<string, string>(repo.Environment) { ["PLATFORM_PROGRESS_SECONDS"] = "0.2" };

        using var orchestrator = PlatformCli.Start(repo.Root, environment, "orchestrator");
        var stdout = orchestrator.StandardOutput.ReadToEndAsync();
        var progress = new List<string>();
        // The module waits on the FIFO until the test has read a progress line naming it.
        while (await orchestrator.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1)) is { } line)
        {
            if (line.StartsWith("progress:", StringComparison.Ordinal))
            {
                progress.Add(line);
                if (line.Contains("Aaa", StringComparison.Ordinal))
                {
                    await File.WriteAllTextAsync(fifo, "go\n");
                    break;
                }
            }
        }
        var rest = orchestrator.StandardError.ReadToEndAsync();
        await orchestrator.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        await rest;

        Assert.True(orchestrator.ExitCode == 0, await stdout + await rest);
        Assert.Matches(@"^progress: 0/1 work orders run, .*Aaa.*, elapsed ", progress.Last());
        Assert.Contains("Tnt001/Wo000001", await stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("progress:", await stdout, StringComparison.Ordinal);
    }
}
