using System.Globalization;
using Platform.EndToEnd.Tests.Support;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Writers killed at random moments on the default local store (SIGKILL, no chance to clean up):
/// whatever a kill leaves, the next writer succeeds, verify passes and every acknowledged top-up is in
/// the ledger. Three seeds run in every build; <c>PLATFORM_KILL_SEEDS=50</c> runs fifty.
/// </summary>
public class KillLoopTests(ITestOutputHelper output)
{
    private const int KillsPerSeed = 24;

    public static TheoryData<int> Seeds()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("PLATFORM_KILL_SEEDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 3;
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= count; seed++)
        {
            seeds.Add(seed);
        }
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Top_ups_killed_at_random_leave_a_store_the_next_writer_and_verify_accept(int seed)
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";
        var random = new Random(seed);
        var acknowledged = new List<string>();
        var killed = 0;
        for (var i = 0; i < KillsPerSeed; i++)
        {
            var reference = $"kill-{seed}-{i}";
            using var process = PlatformCli.Start(repo.Root, repo.Environment, Topup(reference));
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (process.WaitForExit(TimeSpan.FromMilliseconds(50 + random.Next(550))))
            {
                Assert.True(process.ExitCode == 0, $"seed {seed}, top-up {i}: exit {process.ExitCode}: {await stderr}");
                acknowledged.Add(reference);
            }
            else
            {
                process.Kill();
                await process.WaitForExitAsync();
                killed++;
            }
            await Task.WhenAll(stdout, stderr);
        }

        output.WriteLine($"seed {seed}: {killed} of {KillsPerSeed} top-ups killed, {acknowledged.Count} acknowledged");
        var next = repo.Run(Topup($"kill-{seed}-after"));
        Assert.True(next.ExitCode == 0, $"seed {seed} ({killed} kills): the next writer failed: {next}");
        var verify = repo.Run("verify", "--only", "state");
        Assert.True(verify.ExitCode == 0, $"seed {seed} ({killed} kills): {verify}");
        var ledger = File.ReadAllText(Path.Combine(repo.StateDir, "transactions.csv"));
        foreach (var reference in acknowledged.Append($"kill-{seed}-after"))
        {
            Assert.Contains($"topup:Ac7Kq2:BT:{reference}\"", ledger, StringComparison.Ordinal);
        }
    }

    /// <summary>Repairs are announced only when a killed writer left something: a clean store stays quiet.</summary>
    [Fact]
    public void Writers_that_were_not_killed_report_no_repair()
    {
        using var repo = new TempPlatformRepo();
        repo.Environment["PLATFORM_STORE"] = "local";

        var first = repo.Run(Topup("quiet-1"));
        var second = repo.Run(Topup("quiet-2"));

        Assert.True(first.ExitCode == 0 && second.ExitCode == 0, first + "\n" + second);
        Assert.DoesNotContain("local store:", first.Stderr + second.Stderr, StringComparison.Ordinal);
    }

    private static string[] Topup(string reference) =>
        ["admin-topup", "--tenant-id", "Ac7Kq2", "--topup-method-id", "BT", "--amount-credits", "5", "--reference", reference];
}
