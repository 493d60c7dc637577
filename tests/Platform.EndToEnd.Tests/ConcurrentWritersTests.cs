using System.Diagnostics;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>The state transaction under concurrent and killed writers, on the local release store.</summary>
public class ConcurrentWritersTests
{
    private static string[] Topup(string reference, long amount = 1) =>
        ["admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", amount.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reference", reference];

    private static TempPlatformRepo LocalStoreRepo()
    {
        var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        return repo;
    }

    [Fact]
    public async Task Sixteen_writers_started_at_once_lose_no_posting()
    {
        using var repo = LocalStoreRepo();
        var writers = Enumerable.Range(1, 16).Select(i => PlatformCli.Start(repo.Root, repo.Environment, Topup($"concurrent-{i}", i))).ToList();
        foreach (var writer in writers)
        {
            await writer.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.True(writer.ExitCode == 0, await writer.StandardError.ReadToEndAsync());
            writer.Dispose();
        }
        var verify = repo.Run("verify", "--only", "state", "--json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Equal(16, verify.Json["state_generation"]!.GetValue<long>());
        var transactions = Platform.Files.Csv.CsvFormat.ReadAll(File.ReadAllText(Path.Combine(repo.StateDir, "transactions.csv"))).Skip(1).ToList();
        Assert.Equal(16, transactions.Count);
        Assert.Equal(Enumerable.Range(1, 16).Sum(), transactions.Sum(t => long.Parse(t[4], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("commit:pending")]
    [InlineData("commit:move@1")]
    [InlineData("commit:local")]
    [InlineData("commit:append")]
    [InlineData("publish:start")]
    [InlineData("publish:object")]
    [InlineData("publish:seal")]
    [InlineData("publish:commit")]
    [InlineData("publish:ref")]
    [InlineData("publish:done")]
    public void A_writer_killed_at_any_step_loses_no_acknowledged_posting_and_the_next_writer_succeeds(string failpoint)
    {
        using var repo = LocalStoreRepo();
        // Every posting seals its rows into a pack, so the pack steps are reached too.
        repo.Environment["PLATFORM_PACK_SEAL_BYTES"] = "1";
        Assert.Equal(0, repo.Run(Topup("acknowledged", 7)).ExitCode);

        repo.Environment["PLATFORM_FAILPOINT"] = failpoint;
        var killed = repo.Run(Topup("interrupted", 11));
        Assert.Equal(137, killed.ExitCode);
        repo.Environment.Remove("PLATFORM_FAILPOINT");

        var next = repo.Run([.. Topup("after", 13), "--json"]);
        Assert.True(next.ExitCode == 0, next.ToString());
        var retried = repo.Run([.. Topup("interrupted", 11), "--json"]);
        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal(31, retried.Json["balance"]!.GetValue<long>());
        var verify = repo.Run("verify", "--only", "state");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public async Task Writers_killed_at_random_moments_never_lose_an_acknowledged_posting()
    {
        using var repo = LocalStoreRepo();
        var random = new Random(20261126);
        var acknowledged = new List<long>();
        var attempts = new List<(Process Writer, long Amount)>();
        for (var i = 1; i <= 12; i++)
        {
            attempts.Add((PlatformCli.Start(repo.Root, repo.Environment, Topup($"random-{i}", i)), i));
            // Kill an earlier writer at whatever point it has reached while this one started.
            if (random.Next(3) == 0)
            {
                var victim = attempts[random.Next(attempts.Count)].Writer;
                try
                {
                    victim.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It finished first.
                }
            }
        }
        foreach (var (writer, amount) in attempts)
        {
            await writer.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            if (writer.ExitCode == 0)
            {
                acknowledged.Add(amount);
            }
            writer.Dispose();
        }
        var after = repo.Run([.. Topup("final", 1000), "--json"]);
        Assert.True(after.ExitCode == 0, after.ToString());
        var verify = repo.Run("verify", "--only", "state");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var posted = Platform.Files.Csv.CsvFormat.ReadAll(File.ReadAllText(Path.Combine(repo.StateDir, "transactions.csv"))).Skip(1)
            .Select(t => long.Parse(t[4], System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.All(acknowledged, amount => Assert.Contains(amount, posted));
        Assert.Contains(1000, posted);
    }
}
