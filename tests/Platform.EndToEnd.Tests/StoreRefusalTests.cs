using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Issue 9: a read-only or full store is exit 4 at once, naming the path and the cause. The faults
/// are real mounts in a mount namespace of the CLI's own, so they stop root (CI) as well.
/// </summary>
public class StoreRefusalTests
{
    private static readonly string[] Topup =
        ["admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "5", "--reference", "r"];

    private static TempPlatformRepo FundedRepo()
    {
        var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        Assert.Equal(0, repo.Run([.. Topup[..^1], "first"]).ExitCode);
        return repo;
    }

    [Fact]
    public void A_read_only_store_is_exit_4_at_once()
    {
        using var repo = FundedRepo();
        var store = repo.PathOf(".platform/releases");
        var started = DateTime.UtcNow;
        var result = repo.RunUnder($"mount --bind -o ro '{store}' '{store}'", Topup);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "the refusal must not wait for a lease");
        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(store, line, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_state_folder_is_exit_4_at_once()
    {
        using var repo = FundedRepo();
        repo.Environment["PLATFORM_STORE"] = "none";
        var result = repo.RunUnder($"mount --bind -o ro '{repo.StateDir}' '{repo.StateDir}'", Topup);
        Assert.Equal(4, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(repo.StateDir, line, StringComparison.Ordinal);
        Assert.Contains("Read-only file system", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_full_store_is_exit_4_and_the_store_keeps_its_state()
    {
        using var repo = FundedRepo();
        var store = repo.PathOf(".platform/releases");
        var copy = repo.PathOf("store-copy");
        Directory.CreateDirectory(copy);
        // The store's own content on a small tmpfs that is then filled up.
        var setup = $"cp -a '{store}/.' '{copy}' && mount -t tmpfs -o size=256k tmpfs '{store}' && cp -a '{copy}/.' '{store}' "
            + $"&& {{ dd if=/dev/zero of='{store}/filler' bs=4k 2>/dev/null || true; }}";
        var result = repo.RunUnder(setup, [.. Topup[..^1], "big"]);
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("No space left on device", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(0, repo.Run("verify", "--only", "state").ExitCode);
    }
}
