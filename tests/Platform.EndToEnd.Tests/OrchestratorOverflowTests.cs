using System.Text.Json.Nodes;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class OrchestratorOverflowTests
{
    private const string NearMax = "9223372036854775000";

    private static OrchestratorRepo Repo()
    {
        var repo = new OrchestratorRepo();
        repo.AddModule("Aaa");
        repo.AddModule("Bbb");
        repo.AddTenant("Tnt001");
        repo.AddTenant("Tnt002");
        return repo;
    }

    /// <summary>Runs the orchestrator and checks the overflowing work order failed with internal_error, saying why.</summary>
    private static CliResult OrchestrateWithOneOverflow(OrchestratorRepo repo, string workOrder, string note)
    {
        var result = repo.Orchestrate();
        Assert.True(result.ExitCode == 0, result.ToString());
        var overflowing = result.WorkOrder(workOrder);
        Assert.Equal("FAILED", overflowing["status"]!.GetValue<string>());
        Assert.Equal("internal_error", overflowing["reason"]!.GetValue<string>());
        Assert.Contains(note, overflowing["note"]!.GetValue<string>(), StringComparison.Ordinal);
        return result;
    }

    [Fact]
    public void A_tenant_whose_payment_would_overflow_fails_uncharged_while_the_other_completes()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.AddWorkOrder("Tnt002", "Wo000002", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", long.Parse(NearMax, System.Globalization.CultureInfo.InvariantCulture));
        repo.Topup("Tnt002", 100);
        File.AppendAllText(Path.Combine(repo.Root, "config/billing/payments.csv"), "Pq3Lm8Zx,Tnt001,BT,1000,wire-1,2026-01-02T09:00:00Z,CONFIRMED,\n");

        var result = OrchestrateWithOneOverflow(repo, "Wo000001", "payment Pq3Lm8Zx not posted: credit overflow");
        Assert.Equal("COMPLETED", result.StatusOf("Wo000002"));
        Assert.Equal(long.Parse(NearMax, System.Globalization.CultureInfo.InvariantCulture), repo.Balance("Tnt001"));
        Assert.Equal(90, repo.Balance("Tnt002"));
        Assert.DoesNotContain(repo.Rows("transactions.csv"), r => r["tenant_id"] == "Tnt001" && r["type"] != "TOPUP");
        Assert.DoesNotContain(repo.Rows("transactions.csv"), r => r["metadata_json"].Contains("payment:Pq3Lm8Zx", StringComparison.Ordinal));
    }

    [Fact]
    public void A_work_order_whose_price_overflows_fails_uncharged_while_others_run()
    {
        using var repo = Repo();
        File.AppendAllText(Path.Combine(repo.Root, "config/billing/module_prices.csv"),
            $"Aaa,{NearMax},1000,,,true,absurd\nBbb,10,5,,,true,\n");
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", true));
        repo.AddWorkOrder("Tnt001", "Wo000002", "PARTIAL_ALLOWED", ("Bbb", "ok", false));
        repo.AddWorkOrder("Tnt002", "Wo000003", "PARTIAL_ALLOWED", ("Bbb", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        repo.Topup("Tnt002", 100);

        var result = OrchestrateWithOneOverflow(repo, "Wo000001", "credit overflow");
        Assert.Equal("COMPLETED", result.StatusOf("Wo000002"));
        Assert.Equal("COMPLETED", result.StatusOf("Wo000003"));
        Assert.Equal(90, repo.Balance("Tnt001"));
        Assert.Equal(90, repo.Balance("Tnt002"));
    }
}
