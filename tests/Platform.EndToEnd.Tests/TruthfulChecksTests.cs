using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>verify lists everything reconcile-payments and the orchestrator refuse; a filter naming nothing is exit 2.</summary>
public class TruthfulChecksTests
{
    [Fact]
    public void Verify_reports_every_payments_row_that_reconcile_refuses()
    {
        using var repo = new TempPlatformRepo();
        repo.Write("config/billing/payments.csv", PaymentsTests.Header +
            "Pq3Lm8Za,,BT,10,r-1,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zb,Zz99Zz,BT,10,r-2,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zc,Ac7Kq2,QQ,10,r-3,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zd,Ac7Kq2,XX,10,r-4,2026-01-02T09:00:00Z,SETTLED,\n" +
            "Pq3Lm8Ze,Ac7Kq2,BT,0,r-5,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zf,Ac7Kq2,BT,10,r-6,2026-01-02T09:00:00Z,PAID,\n" +
            "Pq3Lm8Zg,Ac7Kq2,BT,10,r-7,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zg,Ac7Kq2,BT,10,r-8,2026-01-02T09:00:00Z,CONFIRMED,\n");
        var before = repo.Snapshot();

        var reconcile = repo.Run("reconcile-payments");
        Assert.Equal(before, repo.Snapshot());
        var verify = repo.Run("verify");

        Assert.True(reconcile.ExitCode == 2, reconcile.ToString());
        Assert.True(verify.ExitCode == 2, verify.ToString());
        foreach (var row in new[] { 2, 3, 4, 6, 7, 9 })
        {
            Assert.Contains(reconcile.ErrorLines, l => l.Contains($"payments.csv:{row}:", StringComparison.Ordinal));
        }
        Assert.All(reconcile.ErrorLines, l => Assert.Contains(l, verify.ErrorLines));
        // A disabled method refuses only a payment not posted yet: the state part of the same check.
        Assert.Contains(verify.ErrorLines, l => l.Contains("payments.csv:5: topup_method_id='XX': names a disabled top-up method", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--tenant", "Zz99Zz", "--tenant='Zz99Zz': names no tenant")]
    [InlineData("--work-order", "Zz99Zz99", "--work-order='Zz99Zz99': names no work order of any tenant")]
    public void An_orchestrator_filter_that_names_nothing_is_exit_2(string option, string value, string expected)
    {
        using var repo = new OrchestratorRepo();
        repo.AddModule("Aaa");
        repo.AddTenant("Tnt001");
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.Maintain();
        var before = repo.Snapshot();

        var result = repo.Run("orchestrator", option, value, "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(expected, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(result.Json["ok"]!.GetValue<bool>());
        Assert.Equal(before, repo.Snapshot());
    }
}
