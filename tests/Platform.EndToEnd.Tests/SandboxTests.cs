using System.Text.Json.Nodes;
using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The adversarial cases of issue 9 that a module can cause, replayed through the real CLI: modules
/// that hang the platform with a FIFO, escape their run, or read the platform's secrets.
/// </summary>
public class SandboxTests
{
    private const string Completed = "\necho '{\"status\":\"COMPLETED\",\"files\":[\"out.txt\"]}' > \"$PLATFORM_RESULT_FILE\"\n";

    /// <summary>Tenant Tnt001 runs module Aaa (the script), tenant Tnt002 a plain module: both funded, maintained.</summary>
    /// <summary>Module Aaa runs as a worker (run.protocol: worker) of the same script.</summary>
    protected virtual bool Worker => false;

    private OrchestratorRepo Repo(string script, bool network = false, bool cache = false)
    {
        var repo = new OrchestratorRepo();
        repo.AddModule("Aaa", script: script, network: network, cache: cache, worker: Worker);
        repo.AddModule("Bbb");
        repo.AddTenant("Tnt001");
        repo.AddTenant("Tnt002");
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", true));
        repo.AddWorkOrder("Tnt002", "Wo000002", "PARTIAL_ALLOWED", ("Bbb", "ok", true));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        repo.Topup("Tnt002", 100);
        return repo;
    }

    private static string Output(OrchestratorRepo repo) =>
        File.ReadAllText(Directory.GetFiles(Path.Combine(repo.Root, "runtime", "runs", "Tnt001"), "out.txt", SearchOption.AllDirectories).Single());

    [Theory]
    [InlineData("auto", "output")]
    [InlineData("off", "output")]
    [InlineData("auto", "result")]
    [InlineData("off", "result")]
    public void A_fifo_as_an_output_or_result_file_fails_its_run_refunded_and_blocks_no_one(string sandbox, string where)
    {
        var fifo = where == "output" ? "\"$PLATFORM_OUTPUTS_DIR/out.txt\"" : "\"$PLATFORM_RESULT_FILE\"";
        using var repo = Repo($"mkfifo {fifo}\n" + (where == "output" ? Completed : ""), cache: true);

        var result = repo.Orchestrate("--sandbox", sandbox);

        Assert.True(result.ExitCode == 0, result.ToString());
        var failed = result.WorkOrder("Wo000001");
        Assert.Equal("FAILED", failed["status"]!.GetValue<string>());
        Assert.Equal("COMPLETED", result.StatusOf("Wo000002"));
        var run = Assert.Single(repo.Rows("module_runs_log.csv"), r => r["module_id"] == "Aaa");
        // A worker's answer is kept as result.json by the platform, which finds the FIFO in its place.
        Assert.Contains(Worker && where == "result" ? "already held a result.json" : "is a FIFO, not a regular file", run["metadata_json"], StringComparison.Ordinal);
        Assert.Empty(repo.Rows("cache_index.csv"));
    }

    [Theory]
    [InlineData("setsid env -i /bin/sleep NAP &")]
    [InlineData("( setsid env -i /bin/sleep NAP & )")]
    public void A_process_that_leaves_its_session_and_clears_its_environment_ends_with_its_run(string escape)
    {
        var nap = "900." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var escaping = Repo(escape.Replace("NAP", nap, StringComparison.Ordinal) + "\necho escaped > \"$PLATFORM_OUTPUTS_DIR/out.txt\"\n" + Completed);

        var result = escaping.Orchestrate("--sandbox", "required");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("COMPLETED", result.StatusOf("Wo000001"));
        Assert.False(ProcessList.Running(nap), "the escaped sleeper outlived its run");
    }

    [Fact]
    public void A_module_cannot_read_the_platform_environment_or_other_secrets_through_proc()
    {
        using var repo = Repo("""
            for f in /proc/[0-9]*/environ /proc/$PPID/environ /proc/1/environ; do cat "$f" 2>/dev/null || true; done > "$PLATFORM_OUTPUTS_DIR/out.txt"
            ls /proc >> "$PLATFORM_OUTPUTS_DIR/out.txt"
            cat /proc/[0-9]*/cmdline 2>/dev/null >> "$PLATFORM_OUTPUTS_DIR/out.txt" || true
            """ + Completed);
        repo.Environment["GH_TOKEN"] = "ghp_platform_token_must_not_leak";
        repo.Environment["Bbb_API_KEY"] = "another_modules_secret";

        var result = repo.Orchestrate("--sandbox", "required");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("COMPLETED", result.StatusOf("Wo000001"));
        var seen = Output(repo);
        // It did read environments: its own, with its request file (a worker's, with its marker).
        Assert.Contains(Worker ? "PLATFORM_WORKER=" : "PLATFORM_REQUEST_FILE=", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("ghp_platform_token_must_not_leak", seen, StringComparison.Ordinal);
        Assert.DoesNotContain("another_modules_secret", seen, StringComparison.Ordinal);
        // The platform's own processes are not in the module's /proc at all.
        Assert.DoesNotContain("orchestrator", seen, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_network_is_there_only_when_the_module_declares_it(bool network)
    {
        using var repo = Repo("""
            sed -n 's/^ *\([^:]*\):.*/\1/p' /proc/net/dev | sort > "$PLATFORM_OUTPUTS_DIR/out.txt"
            """ + Completed, network: network);

        var result = repo.Orchestrate("--sandbox", "required");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("COMPLETED", result.StatusOf("Wo000001"));
        var host = File.ReadAllLines("/proc/net/dev").Skip(2).Select(l => l.Split(':')[0].Trim()).Order(StringComparer.Ordinal);
        var inside = Output(repo).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(network ? host : ["lo"], inside);
    }

    [Fact]
    public void Without_a_working_bubblewrap_required_refuses_before_charging_and_auto_warns_and_runs()
    {
        using var repo = Repo("echo ran > \"$PLATFORM_OUTPUTS_DIR/out.txt\"\n" + Completed);
        var fakeBin = Path.Combine(repo.Root, "fake-bin");
        Directory.CreateDirectory(fakeBin);
        File.WriteAllText(Path.Combine(fakeBin, "bwrap"), "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(fakeBin, "bwrap"), UnixFileMode.UserRead | UnixFileMode.UserExecute);
        }
        repo.Environment["PATH"] = fakeBin + ":" + Environment.GetEnvironmentVariable("PATH");
        var before = repo.Snapshot();

        var refused = repo.Run("orchestrator", "--sandbox", "required");

        Assert.True(refused.ExitCode == 2, refused.ToString());
        Assert.Contains("Permission denied", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, repo.Snapshot());

        repo.Environment["PLATFORM_SANDBOX"] = "auto";
        var ran = repo.Orchestrate();

        Assert.True(ran.ExitCode == 0, ran.ToString());
        Assert.Single(ran.Stderr.Split('\n'), l => l.Contains("WITHOUT a sandbox", StringComparison.Ordinal));
        Assert.Equal("COMPLETED", ran.StatusOf("Wo000001"));
    }
}

/// <summary>The same cases with module Aaa as a persistent worker (docs/module-workers.md).</summary>
public sealed class WorkerSandboxTests : SandboxTests
{
    protected override bool Worker => true;
}
