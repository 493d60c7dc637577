using System.Diagnostics;
using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

public sealed class ProcessTreeTests
{
    [Fact]
    public async Task A_hung_module_is_killed_at_its_timeout_with_its_grandchildren()
    {
        using var fixture = new ModuleFixture();
        // One grandchild stays the shell's child; the other is orphaned at once (its parent
        // subshell exits), so only the runner's sweep can find it.
        fixture.Script("""
            echo $$ > "$PLATFORM_OUTPUTS_DIR/module.pid"
            sleep 300 &
            echo $! > "$PLATFORM_OUTPUTS_DIR/child.pid"
            ( sleep 300 & echo $! > "$PLATFORM_OUTPUTS_DIR/orphan.pid" )
            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            wait
            """);
        var timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        var result = await fixture.Run(fixture.Launch(timeout: timeout));

        var elapsed = clock.Elapsed;
        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal(RunnerReasons.ModuleTimeout, result.ReasonSlug);
        Assert.Null(result.ExitCode);
        Assert.InRange(elapsed, timeout, timeout + TimeSpan.FromSeconds(10));
        foreach (var name in new[] { "module.pid", "child.pid", "orphan.pid" })
        {
            var pid = ProcessProbe.ReadPid(Path.Combine(result.OutputsDirectory, name));
            Assert.False(ProcessProbe.IsAlive(pid), $"{name} ({pid}) is still running");
        }
    }

    [Fact]
    public async Task A_module_that_never_stops_writing_is_still_killed_at_its_timeout()
    {
        using var fixture = new ModuleFixture();
        // Output without pause: the runner's wait always has something to read.
        var timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        var result = await fixture.Run(fixture.Launch(command: ["yes", "flood"], timeout: timeout));

        Assert.Equal(RunnerReasons.ModuleTimeout, result.ReasonSlug);
        Assert.InRange(clock.Elapsed, timeout, timeout + TimeSpan.FromSeconds(10));
        Assert.True(result.StdoutTruncated);
        // The kept megabyte and the note that says what was dropped.
        Assert.InRange(new FileInfo(Path.Combine(result.RunDirectory, RunFolder.StdoutFileName)).Length, fixture.Limits.MaxLogBytes, fixture.Limits.MaxLogBytes + 200);
    }

    /// <summary>
    /// Each leftover also holds stdout open: without the sweep the log would never reach its end.
    /// An orphan stays in the module's process group; setsid gives a sleeper a session and group of
    /// its own, out of reach of the group kill, so only the /proc sweep can find it.
    /// </summary>
    [Theory]
    [InlineData("( sleep 300 & echo $! > \"$PLATFORM_OUTPUTS_DIR/left.pid\" )")]
    [InlineData("setsid sleep 300 &\necho $! > \"$PLATFORM_OUTPUTS_DIR/left.pid\"")]
    public async Task Processes_a_module_leaves_behind_are_killed_when_it_exits(string leave)
    {
        using var fixture = new ModuleFixture();
        fixture.Script(leave + """

            echo '{"status":"COMPLETED","files":["left.pid"]}' > "$PLATFORM_RESULT_FILE"
            """);
        var clock = Stopwatch.StartNew();

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        Assert.False(result.LogsTruncated);
        Assert.True(clock.Elapsed < fixture.Limits.LogDrainGrace, "the runner waited for a pipe a leftover held");
        var pid = ProcessProbe.ReadPid(Path.Combine(result.OutputsDirectory, "left.pid"));
        Assert.False(ProcessProbe.IsAlive(pid), $"leftover ({pid}) is still running");
    }

    [Fact]
    public async Task Cancelling_kills_the_module_and_throws()
    {
        using var fixture = new ModuleFixture();
        fixture.Script("""
            echo $$ > "$PLATFORM_OUTPUTS_DIR/module.pid"
            touch "$PLATFORM_OUTPUTS_DIR/ready"
            sleep 300
            """);
        var launch = fixture.Launch();
        var pidFile = Path.Combine(new RunFolder(launch.RuntimeDirectory, launch.TenantId, launch.WorkOrderId, launch.ModuleId, launch.ModuleRunId).OutputsDirectory, "module.pid");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Task.Run(() =>
            {
                using var runner = fixture.Runner();
                return runner.Run(launch, cancel.Token);
            }));

        Assert.False(ProcessProbe.IsAlive(ProcessProbe.ReadPid(pidFile)));
    }

    [Fact]
    public async Task Cancelling_after_the_module_exited_while_a_hidden_process_holds_its_logs_throws_the_cancellation()
    {
        using var fixture = new ModuleFixture();
        // env -i hides the sleeper from the sweep; it keeps stdout open, so the runner is still
        // draining the logs of an exited (and reaped) module when the cancellation comes.
        // The module waits until the sleeper has its own session, or the group kill would still reach it.
        fixture.Script("""
            setsid env -i sh -c 'echo $$ > "$0.tmp" && mv "$0.tmp" "$0" && exec sleep 30' "$PLATFORM_OUTPUTS_DIR/hidden.pid" &
            while [ ! -e "$PLATFORM_OUTPUTS_DIR/hidden.pid" ]; do :; done
            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            """);
        var launch = fixture.Launch();
        var pidFile = Path.Combine(new RunFolder(launch.RuntimeDirectory, launch.TenantId, launch.WorkOrderId, launch.ModuleId, launch.ModuleRunId).OutputsDirectory, "hidden.pid");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        try
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Task.Run(() =>
            {
                using var runner = fixture.Runner();
                return runner.Run(launch, cancel.Token);
            }));
        }
        finally
        {
            using var hidden = Process.GetProcessById(ProcessProbe.ReadPid(pidFile));
            hidden.Kill();
        }
    }

    [Fact]
    public async Task A_module_that_deletes_its_run_folder_and_prints_fails_without_stopping_the_platform()
    {
        using var fixture = new ModuleFixture();
        fixture.Script("""
            rm -rf "$(dirname "$PLATFORM_OUTPUTS_DIR")"
            echo to-stdout
            echo to-stderr >&2
            """);

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal(RunnerReasons.ModuleFailed, result.ReasonSlug);
    }
}
