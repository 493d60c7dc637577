using System.Diagnostics;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class OrchestratorCrashTests
{
    [Fact]
    public async Task An_orchestrator_killed_while_modules_run_is_finished_by_the_next_run_without_charging_twice()
    {
        using var repo = await BlockingRepo("Aaa", "Ccc");
        var fifo = Fifo(repo);
        var flag = Path.Combine(repo.Exchange, "let-it-finish");
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [],
            [("Ccc", "act: ok", false), ("Aaa", $"act: block, fifo: {fifo}, flag: {flag}", false)]);
        ChargeReady(repo);

        Assert.Equal("started\n", await KillOnceStarted(repo, fifo));
        Assert.Single(repo.Rows("transactions.csv"), r => r["type"] == "SPEND");
        Assert.Equal(80, repo.Balance("Tnt001"));
        Assert.Equal("RUNNING", Assert.Single(repo.Rows("workorders_log.csv"))["status"]);

        await File.WriteAllTextAsync(flag, "go");
        var result = repo.Orchestrate();
        Assert.True(result.ExitCode == 0, result.ToString());
        var order = result.Json["work_orders"]!.AsArray().Single()!.AsObject();
        Assert.Equal("COMPLETED", order["status"]!.GetValue<string>());
        Assert.Equal("resumed", order["note"]!.GetValue<string>());
        Assert.Single(repo.Rows("transactions.csv"), r => r["type"] == "SPEND");
        Assert.Equal(80, repo.Balance("Tnt001"));
        Assert.Equal("SKIPPED", repo.Orchestrate().Json["work_orders"]!.AsArray().Single()!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Artifacts_published_before_a_crash_are_reused_by_the_resumed_run_not_orphaned()
    {
        using var repo = await BlockingRepo("Aaa", "Ccc");
        var fifo = Fifo(repo);
        var flag = Path.Combine(repo.Exchange, "let-it-finish");
        // Ccc completes and publishes its purchased artifacts before Aaa blocks and the run is killed.
        // Resumed, Ccc writes something else: the release must hold what the settled run made.
        var output = Path.Combine(repo.Exchange, "ccc-output");
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [],
            [("Ccc", $"act: echo, flag: {output}", true), ("Aaa", $"act: block, fifo: {fifo}, flag: {flag}", false)]);
        ChargeReady(repo);
        var releases = Path.Combine(repo.Root, ".platform", "releases");
        string[] ArtifactReleases() => [.. Directory.GetDirectories(releases, "r-*").Select(Path.GetFileName).OfType<string>()];

        Assert.Equal("started\n", await KillOnceStarted(repo, fifo));
        var published = Assert.Single(ArtifactReleases());
        Assert.Equal("none\n", File.ReadAllText(Path.Combine(releases, published, "out.txt")));

        await File.WriteAllTextAsync(flag, "go");
        await File.WriteAllTextAsync(output, "second run\n");
        var result = repo.Orchestrate();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(published, Assert.Single(ArtifactReleases()));
        Assert.Equal(published, Assert.Single(repo.Rows("github_releases_map.csv"))["tag"]);
        Assert.Equal("second run\n", File.ReadAllText(Path.Combine(releases, published, "out.txt")));
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("second run\n"u8)),
            File.ReadAllText(Path.Combine(releases, published, "manifest.json")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Artifacts_of_an_attempt_that_never_settles_them_are_withdrawn(bool editedAfterTheCrash)
    {
        using var repo = await BlockingRepo("Aaa", "Ccc");
        var fifo = Fifo(repo);
        var flag = Path.Combine(repo.Exchange, "flag");
        // Ccc publishes, then Aaa blocks and the run is killed. Resumed, Ccc fails (the flag flips
        // it); or the order is edited, which abandons the attempt.
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [],
            [("Ccc", $"act: flip, flag: {flag}", true), ("Aaa", $"act: block, fifo: {fifo}, flag: {flag}", false)]);
        ChargeReady(repo);
        Assert.Equal("started\n", await KillOnceStarted(repo, fifo));
        var release = Assert.Single(Directory.GetDirectories(Path.Combine(repo.Root, ".platform", "releases"), "r-*"));
        string[] Files() => [.. Directory.GetFiles(release).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.'))];
        Assert.Contains("out.txt", Files());

        await File.WriteAllTextAsync(flag, "flip");
        if (editedAfterTheCrash)
        {
            repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", false, [], [("Ccc", "act: ok", true)]);
        }
        var result = repo.Orchestrate();

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(Files());
        Assert.Empty(repo.Rows("github_releases_map.csv"));
        if (editedAfterTheCrash)
        {
            Assert.Equal(100, repo.Balance("Tnt001"));
        }
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task An_interrupted_orchestrator_kills_its_modules_and_the_next_run_finishes_the_work(string signal)
    {
        using var repo = await BlockingRepo("Aaa");
        var fifo = Fifo(repo);
        var flag = Path.Combine(repo.Exchange, "let-it-finish");
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [], [("Aaa", $"act: block, fifo: {fifo}, flag: {flag}", false)]);
        ChargeReady(repo);

        using (var orchestrator = PlatformCli.Start(repo.Root, repo.Environment, "orchestrator"))
        {
            var stderr = orchestrator.StandardError.ReadToEndAsync();
            Assert.Equal("started\n", await Started(fifo));
            using (var kill = Process.Start("kill", [$"-{signal}", orchestrator.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }
            await orchestrator.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.Equal(1, orchestrator.ExitCode);
            Assert.Contains($"interrupted by SIG{signal}", await stderr, StringComparison.Ordinal);
        }
        // The module runs in a process group of its own, out of reach of the signal: the platform killed it.
        Assert.False(ProcessList.Running(repo.Nap), "the module outlived the orchestrator");
        Assert.Equal("RUNNING", Assert.Single(repo.Rows("workorders_log.csv"))["status"]);

        await File.WriteAllTextAsync(flag, "go");
        var result = repo.Orchestrate();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("COMPLETED", result.Json["work_orders"]!.AsArray().Single()!["status"]!.GetValue<string>());
        Assert.Single(repo.Rows("transactions.csv"), r => r["type"] == "SPEND");
        Assert.Equal(90, repo.Balance("Tnt001"));
    }

    [Fact]
    public async Task A_second_orchestrator_is_refused_while_one_runs_and_changes_nothing()
    {
        using var repo = await BlockingRepo("Aaa");
        var fifo = Fifo(repo);
        var flag = Path.Combine(repo.Exchange, "let-it-finish");
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [], [("Aaa", $"act: block, fifo: {fifo}, flag: {flag}", false)]);
        ChargeReady(repo);

        using var first = PlatformCli.Start(repo.Root, repo.Environment, "orchestrator");
        var firstOutput = first.StandardOutput.ReadToEndAsync();
        var firstErrors = first.StandardError.ReadToEndAsync();
        Assert.Equal("started\n", await Started(fifo));
        var state = repo.Rows("transactions.csv").Count;

        var second = repo.Orchestrate();

        Assert.Equal(3, second.ExitCode);
        Assert.Contains("another orchestrator run is in progress", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(state, repo.Rows("transactions.csv").Count);

        // Its holder killed, the lease is free again: the next run resumes the work order.
        first.Kill(entireProcessTree: true);
        await first.WaitForExitAsync();
        _ = await firstOutput;
        _ = await firstErrors;
        await File.WriteAllTextAsync(flag, "go");
        var next = repo.Orchestrate();
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal("COMPLETED", next.Json["work_orders"]!.AsArray().Single()!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_charged_order_edited_after_a_crash_is_refunded_in_full()
    {
        using var repo = await BlockingRepo("Aaa");
        var fifo = Fifo(repo);
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [],
            [("Aaa", $"act: block, fifo: {fifo}, flag: {Path.Combine(repo.Exchange, "never")}", true)]);
        ChargeReady(repo);
        await KillOnceStarted(repo, fifo);
        Assert.Equal(85, repo.Balance("Tnt001"));

        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", false, [], [("Aaa", "act: ok", false)]);
        var result = repo.Orchestrate();
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(100, repo.Balance("Tnt001"));
        Assert.Contains(repo.Rows("workorders_log.csv"), r => r["status"] == "FAILED");
    }

    /// <summary>kill -9 leaves the platform no moment to clean up: the sandbox goes with it (--die-with-parent).</summary>
    [Fact]
    public async Task An_orchestrator_killed_with_sigkill_takes_its_sandboxed_modules_with_it()
    {
        using var repo = await BlockingRepo("Aaa");
        var fifo = Fifo(repo);
        repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, [],
            [("Aaa", $"act: block, fifo: {fifo}, flag: {Path.Combine(repo.Exchange, "never")}", false)]);
        ChargeReady(repo);

        using (var orchestrator = PlatformCli.Start(repo.Root, repo.Environment, "orchestrator", "--sandbox", "required"))
        {
            Assert.Equal("started\n", await Started(fifo));
            Assert.True(ProcessList.Running(repo.Nap));
            orchestrator.Kill(entireProcessTree: false);
            await orchestrator.WaitForExitAsync();
        }

        Assert.True(ProcessList.WaitGone(repo.Nap, TimeSpan.FromSeconds(30)), "the module outlived the killed orchestrator");
    }

    /// <summary>A repository with these modules, tenant Tnt001 and the FIFO (<see cref="Fifo"/>) a blocking module writes to once it runs.</summary>
    private static async Task<OrchestratorRepo> BlockingRepo(params string[] modules)
    {
        var repo = new OrchestratorRepo();
        foreach (var module in modules)
        {
            repo.AddModule(module);
        }
        repo.AddTenant("Tnt001");
        using (var mkfifo = Process.Start("mkfifo", [Fifo(repo)]))
        {
            await mkfifo.WaitForExitAsync();
        }
        return repo;
    }

    private static string Fifo(OrchestratorRepo repo) => Path.Combine(repo.Exchange, "started.fifo");

    private static void ChargeReady(OrchestratorRepo repo)
    {
        repo.Maintain();
        repo.Topup("Tnt001", 100);
    }

    /// <summary>What the blocking module wrote to the FIFO: it runs, so the charge is committed by then.</summary>
    private static Task<string> Started(string fifo) => File.ReadAllTextAsync(fifo).WaitAsync(TimeSpan.FromMinutes(1));

    /// <summary>Starts the orchestrator and kills it (with its modules) once the blocking module runs; returns what the module wrote.</summary>
    private static async Task<string> KillOnceStarted(OrchestratorRepo repo, string fifo)
    {
        using var orchestrator = PlatformCli.Start(repo.Root, repo.Environment, "orchestrator");
        var started = await Started(fifo);
        orchestrator.Kill(entireProcessTree: true);
        await orchestrator.WaitForExitAsync();
        return started;
    }
}
