using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>Issue 9: the templates start a state only where neither the store nor the local folder holds one.</summary>
public class NoSilentResetTests
{
    private static CliResult Topup(TempPlatformRepo repo, string reference, params string[] extra) =>
        repo.Run(["admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "460", "--reference", reference, .. extra]);

    [Fact]
    public void A_local_folder_with_data_but_no_manifest_is_refused_not_reset()
    {
        using var repo = new TempPlatformRepo();
        Assert.Equal(0, Topup(repo, "a").ExitCode);
        File.Delete(Path.Combine(repo.StateDir, "state_manifest.json"));
        var before = repo.Snapshot();
        var result = Topup(repo, "b");
        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(repo.StateDir, line, StringComparison.Ordinal);
        Assert.Contains("no state_manifest.json", line, StringComparison.Ordinal);
        Assert.Contains("platform state restore --from-local", line, StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void A_store_that_lost_its_release_does_not_overwrite_the_local_copy()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        Assert.Equal(0, Topup(repo, "a").ExitCode);
        Assert.Equal(0, Topup(repo, "b").ExitCode);
        var store = repo.PathOf(".platform/releases");
        var stateRef = Path.Combine(store, ".refs/refs/heads/platform-state");
        File.Delete(stateRef);
        var before = File.ReadAllText(Path.Combine(repo.StateDir, "tenants_credits.csv"));
        var result = Topup(repo, "c");
        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(store, line, StringComparison.Ordinal);
        Assert.Contains(repo.StateDir, line, StringComparison.Ordinal);
        Assert.Contains("generation 2", line, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(Path.Combine(repo.StateDir, "tenants_credits.csv")));
        Assert.False(File.Exists(stateRef));
    }

    [Fact]
    public void A_mistyped_store_dir_is_refused_naming_both_sides()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        Assert.Equal(0, Topup(repo, "a").ExitCode);
        var elsewhere = repo.PathOf("typo-store");
        var result = Topup(repo, "b", "--store-dir", elsewhere);
        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(elsewhere, line, StringComparison.Ordinal);
        Assert.Contains(repo.StateDir, line, StringComparison.Ordinal);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
    }

    [Fact]
    public void An_empty_store_and_an_empty_folder_are_still_bootstrapped()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        Assert.Equal(0, Topup(repo, "a").ExitCode);
    }
}
