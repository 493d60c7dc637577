using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class VerifyAndIdsTests
{
    [Fact]
    public void Verify_lists_every_violation_one_line_each_and_exits_2()
    {
        using var repo = new TempPlatformRepo();
        Assert.Equal(0, repo.Run("admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "5", "--reference", "a").ExitCode);
        var credits = Path.Combine(repo.StateDir, "tenants_credits.csv");
        File.WriteAllText(credits, File.ReadAllText(credits).Replace("Ac7Kq2,5,", "Ac7Kq2,6,", StringComparison.Ordinal));
        var result = repo.Run("verify", "--only", "state");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error: tenants_credits.csv: sha256=", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error: tenants_credits.csv:2: credits_available='6'", StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_json_is_one_object_on_stdout()
    {
        using var repo = new TempPlatformRepo();
        repo.Run("reconcile-payments");
        var result = repo.Run("verify", "--only", "state", "--json");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, result.Json["violation_count"]!.GetValue<long>());
    }

    [Fact]
    public void A_changing_command_refuses_a_damaged_state()
    {
        using var repo = new TempPlatformRepo();
        repo.Run("reconcile-payments");
        File.AppendAllText(Path.Combine(repo.StateDir, "transactions.csv"), "junk\n");
        var before = repo.Snapshot();
        var result = repo.Run("admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "5", "--reference", "a");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void Ids_new_prints_valid_distinct_ids_and_check_accepts_them()
    {
        using var repo = new TempPlatformRepo(withSampleContent: false);
        var result = repo.Run("ids", "new", "work_order_id", "--count", "50", "--json");
        Assert.Equal(0, result.ExitCode);
        var ids = result.Json["ids"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(50, ids.Distinct().Count());
        Assert.Equal(0, repo.Run("ids", "check", "work_order_id", ids[0]).ExitCode);
        var bad = repo.Run("ids", "check", "work_order_id", ids[0] + "x");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("has length 9, expected 8", Assert.Single(bad.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(2, repo.Run("ids", "new", "planet_id").ExitCode);
        Assert.Equal(2, repo.Run("ids", "new", "tenant_id", "--count", "0").ExitCode);
    }

    [Fact]
    public void Unknown_options_exit_2()
    {
        using var repo = new TempPlatformRepo(withSampleContent: false);
        Assert.Equal(2, repo.Run("verify", "--bogus").ExitCode);
    }

    [Fact]
    public void A_bad_platform_now_exits_2()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_NOW"] = "yesterday";
        var result = repo.Run("reconcile-payments");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("PLATFORM_NOW", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
