using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>Issue 9: <c>platform state restore --from-local</c>, the audited way out of a refused bootstrap.</summary>
public class RestoreFromLocalTests
{
    private static void Topup(TempPlatformRepo repo, string reference) =>
        Assert.Equal(0, repo.Run("admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "460", "--reference", reference).ExitCode);

    private static string Manifest(TempPlatformRepo repo) => File.ReadAllText(Path.Combine(repo.StateDir, "state_manifest.json"));

    [Fact]
    public void A_store_that_lost_its_release_gets_the_local_copy_back_as_the_next_generation()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        Topup(repo, "a");
        Topup(repo, "b");
        File.Delete(repo.PathOf(".platform/releases/.refs/refs/heads/platform-state"));
        var result = repo.Run("state", "restore", "--from-local", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, result.Json["generation"]!.GetValue<long>());
        Assert.Equal(-1, result.Json["store_generation"]!.GetValue<long>());
        Topup(repo, "c");
        Assert.Contains("\"command\": \"state restore --from-local\"", Manifest(repo), StringComparison.Ordinal);
        Assert.Contains("\"generation\": 4", Manifest(repo), StringComparison.Ordinal);
        Assert.Contains("Ac7Kq2,1380,", File.ReadAllText(Path.Combine(repo.StateDir, "tenants_credits.csv")), StringComparison.Ordinal);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
    }

    [Fact]
    public void A_folder_without_a_manifest_is_recorded_as_it_is()
    {
        using var repo = new TempPlatformRepo();
        Topup(repo, "a");
        File.Delete(Path.Combine(repo.StateDir, "state_manifest.json"));
        var result = repo.Run("state", "restore", "--from-local");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"local_had_manifest\": false", Manifest(repo), StringComparison.Ordinal);
        Topup(repo, "b");
        Assert.Contains("Ac7Kq2,920,", File.ReadAllText(Path.Combine(repo.StateDir, "tenants_credits.csv")), StringComparison.Ordinal);
    }

    [Fact]
    public void A_local_copy_that_fails_verify_is_not_restored()
    {
        using var repo = new TempPlatformRepo();
        Topup(repo, "a");
        File.Delete(Path.Combine(repo.StateDir, "state_manifest.json"));
        var credits = Path.Combine(repo.StateDir, "tenants_credits.csv");
        File.WriteAllText(credits, File.ReadAllText(credits).Replace("Ac7Kq2,460,", "Ac7Kq2,461,", StringComparison.Ordinal));
        var before = repo.Snapshot();
        var result = repo.Run("state", "restore", "--from-local");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("fails verify", result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Contains(result.ErrorLines, l => l.Contains("credits_available='461'", StringComparison.Ordinal));
        Assert.Equal(before, repo.Snapshot());
    }

    [Fact]
    public void A_stale_local_copy_is_refused()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        Topup(repo, "a");
        var stale = repo.PathOf("stale-copy");
        Directory.CreateDirectory(stale);
        foreach (var file in Directory.GetFiles(repo.StateDir))
        {
            File.Copy(file, Path.Combine(stale, Path.GetFileName(file)));
        }
        Topup(repo, "b");
        var result = repo.Run("state", "restore", "--from-local", "--billing-state-dir", stale);
        Assert.Equal(3, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains("generation 1, older than the local store's 2", line, StringComparison.Ordinal);
        Assert.Contains(stale, line, StringComparison.Ordinal);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        Assert.Contains("Ac7Kq2,920,", File.ReadAllText(Path.Combine(repo.StateDir, "tenants_credits.csv")), StringComparison.Ordinal);
    }
}
