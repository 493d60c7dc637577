using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class PaymentsTests
{
    internal const string Header = "payment_id,tenant_id,topup_method_id,amount_credits,reference,received_at,status,note\n";

    [Fact]
    public void Confirmed_and_settled_payments_post_once()
    {
        using var repo = new TempPlatformRepo();
        repo.Write("config/billing/payments.csv", Header +
            "Pq3Lm8Zx,Ac7Kq2,BT,500,wire-1,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zy,Ac7Kq2,CC,70,card-1,2026-01-02T09:00:00Z,SETTLED,\"note, with comma\"\n" +
            "Pq3Lm8Zz,Ac7Kq2,CC,999,card-2,2026-01-02T09:00:00Z,PENDING,\n");
        var first = repo.Run("reconcile-payments", "--json");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(2, first.Json["posted"]!.GetValue<int>());
        Assert.Equal(570, first.Json["credits_posted"]!.GetValue<long>());
        Assert.Equal(1, first.Json["not_confirmed"]!.GetValue<int>());

        var second = repo.Run("reconcile-payments", "--json");
        Assert.Equal(0, second.Json["posted"]!.GetValue<int>());
        Assert.Equal(2, second.Json["already_posted"]!.GetValue<int>());
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
    }

    [Fact]
    public void Invalid_rows_are_each_reported_and_nothing_is_posted()
    {
        using var repo = new TempPlatformRepo();
        repo.Write("config/billing/payments.csv", Header +
            "Pq3Lm8Zx,Ac7Kq2,BT,500,wire-1,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zy,Zz99Zz,BT,5,wire-2,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zz,Ac7Kq2,BT,-5,wire-3,2026-01-02T09:00:00Z,CONFIRMED,\n");
        var before = repo.Snapshot();
        var result = repo.Run("reconcile-payments");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(2, result.ErrorLines.Count);
        Assert.Contains(result.ErrorLines, l => l.Contains("payments.csv:3: tenant_id='Zz99Zz'", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.Contains("payments.csv:4: amount_credits='-5'", StringComparison.Ordinal));
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void A_payment_that_would_overflow_the_balance_is_one_line_and_posts_nothing()
    {
        using var repo = new TempPlatformRepo();
        repo.Write("config/billing/payments.csv", Header + "Pq3Lm8Zx,Ac7Kq2,BT,9223372036854775000,wire-1,2026-01-02T09:00:00Z,CONFIRMED,\n");
        Assert.Equal(0, repo.Run("reconcile-payments").ExitCode);
        repo.Write("config/billing/payments.csv", Header +
            "Pq3Lm8Zx,Ac7Kq2,BT,9223372036854775000,wire-1,2026-01-02T09:00:00Z,CONFIRMED,\n" +
            "Pq3Lm8Zy,Ac7Kq2,BT,1000,wire-2,2026-01-02T09:00:00Z,CONFIRMED,\n");
        var before = repo.Snapshot();
        var result = repo.Run("reconcile-payments");
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("credit overflow", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void A_bad_header_is_named_precisely()
    {
        using var repo = new TempPlatformRepo();
        repo.Write("config/billing/payments.csv", "payment_id,tenant,topup_method_id,amount_credits,reference,received_at,status,note\n");
        var result = repo.Run("reconcile-payments");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("config/billing/payments.csv:1: header=", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
