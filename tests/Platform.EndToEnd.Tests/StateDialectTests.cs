using System.Security.Cryptography;
using System.Text;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>Issue 9: verify names a BOM or CRLF in a state CSV; a rejected hydrate leaves nothing behind.</summary>
public class StateDialectTests
{
    private static TempPlatformRepo FundedRepo(string store)
    {
        var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = store;
        var topup = repo.Run("admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "5", "--reference", "a");
        Assert.Equal(0, topup.ExitCode);
        return repo;
    }

    /// <summary>Rewrites a state file and its manifest hash together, so only the dialect is wrong.</summary>
    private static void Rewrite(string stateDir, string file, Func<byte[], byte[]> change)
    {
        var path = Path.Combine(stateDir, file);
        var before = File.ReadAllBytes(path);
        var after = change(before);
        File.WriteAllBytes(path, after);
        var manifest = Path.Combine(stateDir, "state_manifest.json");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace(
            Convert.ToHexStringLower(SHA256.HashData(before)), Convert.ToHexStringLower(SHA256.HashData(after)), StringComparison.Ordinal));
    }

    [Fact]
    public void Verify_reports_a_byte_order_mark()
    {
        using var repo = FundedRepo("none");
        Rewrite(repo.StateDir, "transactions.csv", bytes => [0xEF, 0xBB, 0xBF, .. bytes]);
        AssertVerifyReports(repo, "error: transactions.csv:1: starts with a UTF-8 byte order mark");
    }

    [Fact]
    public void Verify_reports_crlf_line_ends_but_not_a_quoted_line_break()
    {
        using var repo = FundedRepo("none");
        var note = repo.Run("admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "5", "--reference", "b", "--note", "two\r\nlines");
        Assert.Equal(0, note.ExitCode);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
        Rewrite(repo.StateDir, "tenants_credits.csv", bytes => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\n", "\r\n", StringComparison.Ordinal)));
        AssertVerifyReports(repo, "error: tenants_credits.csv:1: ends with \\r\\n (CRLF)");
    }

    private static void AssertVerifyReports(TempPlatformRepo repo, string line)
    {
        var result = repo.Run("verify", "--only", "state");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(line, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rejected_hydrate_leaves_nothing_behind()
    {
        using var repo = FundedRepo("local");
        // The store's current generation says the top-up was of 5 credits; its rows now say 6.
        var head = File.ReadAllText(repo.PathOf(".platform/releases/.refs/refs/heads/platform-state")).Trim();
        var commit = repo.PathOf($".platform/releases/.commits/{head}");
        File.WriteAllText(commit, File.ReadAllText(commit).Replace(",,TOPUP,5,", ",,TOPUP,6,", StringComparison.Ordinal));
        Directory.Delete(repo.StateDir, recursive: true);
        var before = repo.Snapshot();
        var result = repo.Run("admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "5", "--reference", "b");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("transactions.csv: sha256=", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(repo.StateDir, ".pending")));
        Assert.Equal(before, repo.Snapshot());
    }
}
