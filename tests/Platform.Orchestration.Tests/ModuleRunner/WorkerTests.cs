using System.Diagnostics;
using System.Text.Json.Nodes;
using Platform.Orchestration.ModuleRunner;
using Platform.Repository.Reasons;

namespace Platform.Orchestration.Tests.ModuleRunner;

/// <summary>
/// Modules with <c>run.protocol: worker</c> (docs/module-workers.md): the isolation a process run
/// has, for a process that serves many runs. Each worker draws a random ID at start and writes it
/// into every run's outputs, so the tests can tell workers apart (PIDs repeat across sandboxes).
/// </summary>
public class WorkerTests
{
    protected virtual bool Sandboxed => false;

    /// <summary>A worker loop: <paramref name="bad"/> runs for requests whose topic is "BAD", then each request is answered.</summary>
    private static void Worker(ModuleFixture fixture, string bad = ":", string before = "", string after = "")
    {
        fixture.Script($$"""
            {{before}}
            id=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
            while IFS= read -r line; do
                out=$(printf '%s\n' "$line" | sed -n 's/.*"outputs_dir":"\([^"]*\)".*/\1/p')
                echo "$id" > "$out/worker"
                case "$line" in *'"topic":"BAD"'*) {{bad.Replace("TOKEN", fixture.Token, StringComparison.Ordinal)}} ;; esac
                echo '{"status":"COMPLETED","files":["worker"]}'
            done
            {{after.Replace("TOKEN", fixture.Token, StringComparison.Ordinal)}}
            """);
    }

    private static ModuleLaunch Launch(ModuleFixture fixture, string topic = "fine", TenantId? tenant = null, TimeSpan? timeout = null,
        IReadOnlyList<string>? secretKeys = null) =>
        fixture.Launch(timeout: timeout, secretKeys: secretKeys, inputs: new JsonObject { ["topic"] = topic })
            with { Worker = true, TenantId = tenant ?? ModuleFixture.Tenant };

    private static string WorkerOf(ModuleRunResult result) => File.ReadAllText(Path.Combine(result.OutputsDirectory, "worker")).Trim();

    private static Task<ModuleRunResult[]> RunAll(ModuleProcessRunner runner, params ModuleLaunch[] launches) =>
        Task.Run(() => launches.Select(l => runner.Run(l)).ToArray());

    [Fact]
    public async Task Requests_of_one_tenant_share_a_worker_and_another_tenant_gets_its_own()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        Worker(fixture);
        using var runner = fixture.Runner();
        var other = TenantId.Parse("Zz98Yx", "tenant_id");

        var results = await RunAll(runner, Launch(fixture), Launch(fixture), Launch(fixture, tenant: other));

        Assert.All(results, r => Assert.Equal(ModuleRunStatus.Completed, r.Status));
        Assert.All(results, r => Assert.Equal(["worker"], r.Files));
        Assert.Equal(WorkerOf(results[0]), WorkerOf(results[1]));
        Assert.NotEqual(WorkerOf(results[0]), WorkerOf(results[2]));
        // The run folder reads like a process run's: the request and result files, no stdout.log.
        Assert.True(File.Exists(Path.Combine(results[0].RunDirectory, RunFolder.RequestFileName)));
        Assert.Equal("{\"status\":\"COMPLETED\",\"files\":[\"worker\"]}\n", File.ReadAllText(Path.Combine(results[0].RunDirectory, RunFolder.ResultFileName)));
        Assert.False(File.Exists(Path.Combine(results[0].RunDirectory, RunFolder.StdoutFileName)));
    }

    /// <summary>Each case kills the worker (its whole group) and fails that run only; the next request starts a new worker.</summary>
    [Theory]
    [InlineData("trap '' TERM; sleep TOKEN", "module_timeout", "")]
    [InlineData("sleep TOKEN & kill -9 $$", "module_failed", "the worker exited with code 137")]
    [InlineData("exit 0", "module_failed", "the worker exited with code 0")]
    [InlineData("echo not-json", "module_failed", "not a JSON object")]
    [InlineData("head -c 100000000 /dev/zero | tr '\\0' x", "module_failed", "longer than")]
    [InlineData("exec 0<&-; exec 1>&-; sleep TOKEN", "module_failed", "closed its stdout")]
    [InlineData("echo '{\"module_run_id\":\"Zz000000\",\"status\":\"COMPLETED\",\"files\":[]}'", "module_failed", "a late answer to an earlier request")]
    public async Task A_worker_that_fails_a_request_is_killed_and_the_next_request_gets_a_new_one(string bad, string slug, string detail)
    {
        using var fixture = new ModuleFixture(Sandboxed);
        Worker(fixture, bad);
        using var runner = fixture.Runner();
        var timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        var results = await RunAll(runner, Launch(fixture, timeout: timeout), Launch(fixture, "BAD", timeout: timeout), Launch(fixture, timeout: timeout));

        Assert.Equal(ModuleRunStatus.Failed, results[1].Status);
        Assert.Equal(slug, results[1].ReasonSlug);
        Assert.True((results[1].Detail ?? "").Contains(detail, StringComparison.Ordinal), results[1].Detail);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, timeout + TimeSpan.FromSeconds(10));
        Assert.False(ProcessList.Running(fixture.Token), "a process of the killed worker is still running");
        Assert.True(results[2].Status == ModuleRunStatus.Completed, results[2].Detail);
        Assert.NotEqual(WorkerOf(results[0]), WorkerOf(results[2]));
        // What broke the protocol is kept for the operator, capped.
        var stdoutLog = new FileInfo(Path.Combine(results[1].RunDirectory, RunFolder.StdoutFileName));
        Assert.True(!stdoutLog.Exists || stdoutLog.Length <= 8192, "stdout.log holds more than the start of what broke the protocol");
    }

    [Theory]
    [InlineData("sleep TOKEN &")]
    [InlineData("( sleep TOKEN & )")]
    [InlineData("setsid sleep TOKEN &")]
    [InlineData("env -i sleep TOKEN &")]
    public async Task What_a_worker_starts_for_a_request_ends_with_it_and_the_worker_stays(string leave)
    {
        using var fixture = new ModuleFixture(Sandboxed);
        Worker(fixture, leave);
        using var runner = fixture.Runner();
        var clock = Stopwatch.StartNew();

        var results = await RunAll(runner, Launch(fixture, "BAD"), Launch(fixture));

        Assert.All(results, r => Assert.Equal(ModuleRunStatus.Completed, r.Status));
        Assert.True(clock.Elapsed < fixture.Limits.LogDrainGrace, $"the runner waited for a leftover: {clock.Elapsed}, {results[0].Detail}");
        Assert.False(ProcessList.Running(fixture.Token), "a leftover is still running");
        Assert.Equal(WorkerOf(results[0]), WorkerOf(results[1]));
    }

    [Fact]
    public async Task A_worker_that_prints_100_MB_on_stderr_keeps_a_capped_log_per_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        Worker(fixture, "head -c 100000000 /dev/zero >&2");
        using var runner = fixture.Runner();

        var results = await RunAll(runner, Launch(fixture, "BAD"), Launch(fixture));

        Assert.Equal(ModuleRunStatus.Completed, results[0].Status);
        Assert.True(results[0].StderrTruncated);
        Assert.InRange(new FileInfo(Path.Combine(results[0].RunDirectory, RunFolder.StderrFileName)).Length, fixture.Limits.MaxLogBytes, fixture.Limits.MaxLogBytes + 200);
        Assert.False(results[1].StderrTruncated);
        Assert.Equal(WorkerOf(results[0]), WorkerOf(results[1]));
    }

    [Fact]
    public async Task An_answer_that_names_its_own_run_is_taken()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        Worker(fixture, """
            run=$(printf '%s\n' "$line" | sed -n 's/.*"module_run_id":"\([^"]*\)".*/\1/p')
            echo "{\"module_run_id\":\"$run\",\"status\":\"COMPLETED\",\"files\":[\"worker\"]}"; continue
            """);
        using var runner = fixture.Runner();

        var results = await RunAll(runner, Launch(fixture, "BAD"), Launch(fixture, "BAD"));

        Assert.All(results, r => Assert.Equal(ModuleRunStatus.Completed, r.Status));
        Assert.Equal(WorkerOf(results[0]), WorkerOf(results[1]));
    }

    [Fact]
    public async Task A_listed_file_outside_the_outputs_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        Worker(fixture, """echo '{"status":"COMPLETED","files":["../request.json"]}'; continue""");
        using var runner = fixture.Runner();

        var results = await RunAll(runner, Launch(fixture, "BAD"));

        Assert.Equal(GlobalSlugs.ModuleFailed, results[0].ReasonSlug);
    }

    [Fact]
    public async Task A_worker_sees_its_declared_secrets_and_nothing_else_of_the_platform()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        Worker(fixture, """env > "$out/env" """);
        using var runner = fixture.Runner();

        var results = await RunAll(runner, Launch(fixture, "BAD", secretKeys: ["API_KEY"]));

        var environment = File.ReadAllText(Path.Combine(results[0].OutputsDirectory, "env"));
        Assert.Contains("API_KEY=secret-value-1", environment, StringComparison.Ordinal);
        Assert.DoesNotContain("must_not_leak", environment, StringComparison.Ordinal);
        Assert.DoesNotContain("must-not-leak", environment, StringComparison.Ordinal);
        Assert.DoesNotContain(ModuleEnvironment.RequestFileVariable, environment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Past_the_idle_limit_the_worker_idle_longest_is_retired_and_its_key_gets_a_new_one()
    {
        using var fixture = new ModuleFixture(Sandboxed) { Limits = ModuleRunnerLimits.Default with { MaxIdleWorkers = 1 } };
        Worker(fixture);
        using var runner = fixture.Runner();
        // Another module of the same tenant (sandboxed, a tenant's sandbox keeps its own idle workers).
        var second = Launch(fixture) with { ModuleId = ModuleId.Parse("Zz2", "module_id") };
        var results = await RunAll(runner, Launch(fixture), Launch(fixture), second, Launch(fixture));

        Assert.All(results, r => Assert.Equal(ModuleRunStatus.Completed, r.Status));
        Assert.Equal(WorkerOf(results[0]), WorkerOf(results[1]));
        Assert.NotEqual(WorkerOf(results[0]), WorkerOf(results[3]));
    }

    [Fact]
    public async Task At_the_end_what_a_worker_started_after_its_last_answer_is_killed_too()
    {
        var fixture = new ModuleFixture(Sandboxed);
        try
        {
            // Once stdin closes the worker starts a process in a session of its own, waits until it
            // runs (its command line names the token), and exits.
            Worker(fixture, after: "setsid sleep TOKEN & while ! grep -qs TOKEN /proc/[0-9]*/cmdline; do :; done");
            using (var runner = fixture.Runner())
            {
                Assert.Equal(ModuleRunStatus.Completed, (await RunAll(runner, Launch(fixture)))[0].Status);
            }
            Assert.False(ProcessList.Running(fixture.Token), "the worker's last process outlived the run");
        }
        finally
        {
            fixture.Dispose();
        }
    }

    [Fact]
    public async Task At_the_end_a_worker_that_ignores_its_closed_stdin_and_SIGTERM_is_killed()
    {
        var fixture = new ModuleFixture(Sandboxed);
        try
        {
            Worker(fixture, before: "trap '' TERM", after: "sleep TOKEN");
            using (var runner = fixture.Runner())
            {
                // The token among the worker's own arguments: the worker itself is found too.
                var launch = Launch(fixture) with { Command = ["sh", "run.sh", fixture.Token] };
                Assert.Equal(ModuleRunStatus.Completed, (await RunAll(runner, launch))[0].Status);
                Assert.True(ProcessList.Running(fixture.Token));
            }
        }
        finally
        {
            // A sandboxed worker lives in the sandbox, which the fixture ends.
            fixture.Dispose();
        }

        Assert.True(ProcessList.WaitGone(fixture.Token, TimeSpan.FromSeconds(10)), "the worker outlived the run");
    }
}

/// <summary>The same with every worker in its tenant's bubblewrap sandbox.</summary>
public sealed class SandboxedWorkerTests : WorkerTests
{
    protected override bool Sandboxed => true;
}
