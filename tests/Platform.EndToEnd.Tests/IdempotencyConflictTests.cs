using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>SPEC §9: a key posted already with other content is a conflict (exit 2, both values named, nothing changed).</summary>
public class IdempotencyConflictTests
{
    private static string[] Topup(string amount, string method = "BT") =>
        ["admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", method, "--amount-credits", amount, "--reference", "wire-test-1"];

    [Fact]
    public void A_topup_reference_reused_with_another_amount_is_a_conflict_naming_both_amounts()
    {
        using var repo = new TempPlatformRepo();
        Assert.Equal(0, repo.Run(Topup("50")).ExitCode);
        var before = repo.Snapshot();

        var result = repo.Run([.. Topup("60"), "--json"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("conflict", line, StringComparison.Ordinal);
        Assert.Contains("with 50 credits by method BT", line, StringComparison.Ordinal);
        Assert.Contains("this request has 60 credits by method BT", line, StringComparison.Ordinal);
        Assert.False(result.Json["ok"]!.GetValue<bool>());
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void A_topup_reference_reused_with_another_method_is_a_conflict()
    {
        using var repo = new TempPlatformRepo();
        Assert.Equal(0, repo.Run(Topup("50", "BT")).ExitCode);
        var before = repo.Snapshot();

        var result = repo.Run(Topup("50", "CC"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("by method BT; this request has 50 credits by method CC", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void The_same_topup_again_is_already_posted_and_reports_the_posted_amount()
    {
        using var repo = new TempPlatformRepo();
        var first = repo.Run([.. Topup("50"), "--json"]);
        var before = repo.Snapshot();

        var again = repo.Run([.. Topup("50"), "--json"]);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.False(again.Json["posted"]!.GetValue<bool>());
        Assert.Equal(50, again.Json["amount_credits"]!.GetValue<long>());
        Assert.Equal(50, again.Json["balance"]!.GetValue<long>());
        Assert.Equal(first.Json["transaction_id"]!.GetValue<string>(), again.Json["transaction_id"]!.GetValue<string>());
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void A_payment_row_edited_after_it_was_posted_is_a_conflict_and_verify_reports_it()
    {
        using var repo = new TempPlatformRepo();
        repo.Write("config/billing/payments.csv", PaymentsTests.Header + "Pq3Lm8Zx,Ac7Kq2,BT,500,wire-1,2026-01-02T09:00:00Z,CONFIRMED,\n");
        Assert.Equal(0, repo.Run("reconcile-payments").ExitCode);
        repo.Write("config/billing/payments.csv", PaymentsTests.Header + "Pq3Lm8Zx,Ac7Kq2,CC,600,wire-1,2026-01-02T09:00:00Z,CONFIRMED,\n");
        var before = repo.Snapshot();

        var reconcile = repo.Run("reconcile-payments");
        var verify = repo.Run("verify");

        Assert.True(reconcile.ExitCode == 2, reconcile.ToString());
        var line = Assert.Single(reconcile.ErrorLines);
        Assert.Contains("payments.csv:2: topup_method_id='CC': conflict: payment Pq3Lm8Zx was edited after it was posted", line, StringComparison.Ordinal);
        Assert.Contains("topup_method_id BT posted, CC now, amount_credits 500 posted, 600 now", line, StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
        Assert.True(verify.ExitCode == 2, verify.ToString());
        Assert.Contains(line, verify.ErrorLines);
    }
}
