using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>Issue 11: <c>platform state history | restore --generation | gc</c> on the local release store.</summary>
public class StateHistoryTests
{
    private static TempPlatformRepo Repo(bool sealEveryPosting = false)
    {
        var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        if (sealEveryPosting)
        {
            repo.Environment["PLATFORM_PACK_SEAL_BYTES"] = "1";
        }
        return repo;
    }

    private static void Topup(TempPlatformRepo repo, string reference, long amount) =>
        Assert.Equal(0, repo.Run("admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits",
            amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reference", reference).ExitCode);

    private static string Credits(TempPlatformRepo repo) => File.ReadAllText(Path.Combine(repo.StateDir, "tenants_credits.csv"));

    [Fact]
    public void History_lists_generations_newest_first_with_their_command_and_rows()
    {
        using var repo = Repo();
        Topup(repo, "a", 5);
        Topup(repo, "b", 7);

        var result = repo.Run("state", "history", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var generations = result.Json["generations"]!.AsArray();
        Assert.Equal([2L, 1L, 0L], generations.Select(g => g!["generation"]!.GetValue<long>()));
        Assert.Equal("admin-topup", generations[0]!["command"]!.GetValue<string>());
        Assert.Equal(1, generations[0]!["rows_added"]!["transactions.csv"]!.GetValue<long>());
        Assert.Equal("bootstrap", generations[2]!["command"]!.GetValue<string>());
        Assert.Single(repo.Run("state", "history", "--limit", "1").OutputLines);
    }

    [Fact]
    public void Restore_of_a_generation_shows_what_would_be_lost_and_changes_nothing_without_force()
    {
        using var repo = Repo(sealEveryPosting: true);
        Topup(repo, "a", 5);
        Topup(repo, "b", 7);
        Topup(repo, "c", 11);
        var before = repo.Snapshot();

        var dry = repo.Run("state", "restore", "--generation", "1", "--json");

        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(2, dry.Json["rows_dropped"]!["transactions.csv"]!.GetValue<long>());
        Assert.Contains(repo.Run("state", "restore", "--generation", "1").OutputLines, l => l.Contains("transactions.csv: the 2 row(s) added after generation 1 would be dropped", StringComparison.Ordinal));
        Assert.Equal(before, repo.Snapshot());

        var forced = repo.Run("state", "restore", "--generation", "1", "--force", "--json");

        Assert.True(forced.ExitCode == 0, forced.ToString());
        Assert.Equal(4, forced.Json["generation"]!.GetValue<long>());
        Assert.Contains("Ac7Kq2,5,", Credits(repo), StringComparison.Ordinal);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        var history = repo.Run("state", "history", "--json").Json["generations"]!.AsArray();
        Assert.Equal(1, history[0]!["restored_from"]!.GetValue<long>());
        // Postings go on from the restored content; a fresh machine sees the same.
        Topup(repo, "d", 13);
        Assert.Contains("Ac7Kq2,18,", Credits(repo), StringComparison.Ordinal);
        Directory.Delete(repo.StateDir, recursive: true);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        Assert.Contains("Ac7Kq2,18,", Credits(repo), StringComparison.Ordinal);
    }

    [Fact]
    public void Gc_lists_and_deletes_only_objects_no_recent_generation_names()
    {
        using var repo = Repo(sealEveryPosting: true);
        for (var i = 0; i < 18; i++)
        {
            Topup(repo, $"t{i}", 1);
        }
        // The 16 packs merged at the 17th posting are retired then; within 7 days gc keeps them.
        var listed = repo.Run("state", "gc", "--json");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Empty(listed.Json["objects"]!.AsArray());

        repo.Environment["PLATFORM_NOW"] = "2099-01-01T00:00:00Z";
        var kept = repo.Run("state", "gc", "--keep", "1", "--json");
        Assert.Equal(16, kept.Json["objects"]!.AsArray().Count);
        var deleted = repo.Run("state", "gc", "--keep", "1", "--delete", "--json");
        Assert.True(deleted.ExitCode == 0, deleted.ToString());
        Assert.Equal(16, deleted.Json["objects"]!.AsArray().Count);
        repo.Environment.Remove("PLATFORM_NOW");

        Directory.Delete(repo.StateDir, recursive: true);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        Assert.Contains("Ac7Kq2,18,", Credits(repo), StringComparison.Ordinal);
    }

    [Fact]
    public void History_needs_a_release_store()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "none";
        var result = repo.Run("state", "history");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("needs a release store", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
