using Platform.Repository.Reasons;
using System.Diagnostics;
using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

public class ProcessTreeTests
{
    protected virtual bool Sandboxed => false;

    [Fact]
    public async Task A_hung_module_is_killed_at_its_timeout_with_its_grandchildren()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        // One grandchild stays the shell's child; the other is orphaned at once (its parent
        // subshell exits), so only the runner's sweep can find it.
        fixture.Script($$"""
            sleep {{fixture.Token}} &
            ( sleep {{fixture.Token}} & )
            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            wait
            """);
        var timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        var result = await fixture.Run(fixture.Launch(timeout: timeout));

        var elapsed = clock.Elapsed;
        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal(GlobalSlugs.ModuleTimeout, result.ReasonSlug);
        Assert.Null(result.ExitCode);
        Assert.InRange(elapsed, timeout, timeout + TimeSpan.FromSeconds(10));
        Assert.False(ProcessList.Running(fixture.Token), "a grandchild is still running");
    }

    [Fact]
    public async Task A_module_that_never_stops_writing_is_still_killed_at_its_timeout()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        // Output without pause: the runner's wait always has something to read.
        var timeout = TimeSpan.FromSeconds(2);
        var clock = Stopwatch.StartNew();

        var result = await fixture.Run(fixture.Launch(command: ["yes", "flood"], timeout: timeout));

        Assert.Equal(GlobalSlugs.ModuleTimeout, result.ReasonSlug);
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
    [InlineData("( sleep TOKEN & )")]
    [InlineData("setsid sleep TOKEN &")]
    public async Task Processes_a_module_leaves_behind_are_killed_when_it_exits(string leave)
    {
        using var fixture = new ModuleFixture(Sandboxed);
        await LeftBehindIsKilled(fixture, leave);
    }

    private protected static async Task LeftBehindIsKilled(ModuleFixture fixture, string leave)
    {
        fixture.Script(leave.Replace("TOKEN", fixture.Token, StringComparison.Ordinal) + """

            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            """);
        var clock = Stopwatch.StartNew();

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        Assert.False(result.LogsTruncated);
        Assert.True(clock.Elapsed < fixture.Limits.LogDrainGrace, "the runner waited for a pipe a leftover held");
        Assert.False(ProcessList.Running(fixture.Token), "a leftover is still running");
    }

    [Fact]
    public async Task Cancelling_kills_the_module_and_throws()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script($"sleep {fixture.Token}");
        var launch = fixture.Launch();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => Task.Run(() =>
            {
                using var runner = fixture.Runner();
                return runner.Run(launch, cancel.Token);
            }));

        Assert.False(ProcessList.Running(fixture.Token));
    }

    /// <summary>
    /// env -i hides the sleeper from the marker sweep and setsid from the group kill; it keeps stdout
    /// open. Without a sandbox the runner is still draining the logs of the exited module when the
    /// cancellation comes, and throws it; in a sandbox the sleeper dies as the module ends.
    /// </summary>
    [Fact]
    public async Task A_hidden_process_holding_the_logs_ends_the_run_by_cancellation_or_by_the_sandbox()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        // The module waits until the sleeper has its own session, or the group kill would still reach it.
        fixture.Script($$"""
            setsid env -i sh -c 'touch "$0" && exec sleep {{fixture.Token}}' "$PLATFORM_OUTPUTS_DIR/hidden" &
            while [ ! -e "$PLATFORM_OUTPUTS_DIR/hidden" ]; do :; done
            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            """);
        var launch = fixture.Launch();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        Task<ModuleRunResult> Run() => Task.Run(() =>
        {
            using var runner = fixture.Runner();
            return runner.Run(launch, cancel.Token);
        });
        try
        {
            if (Sandboxed)
            {
                Assert.Equal(ModuleRunStatus.Completed, (await Run()).Status);
                Assert.False(ProcessList.Running(fixture.Token));
            }
            else
            {
                await Assert.ThrowsAnyAsync<OperationCanceledException>(Run);
            }
        }
        finally
        {
            // Without a sandbox nothing else ends the sleeper.
            Process.Start("pkill", ["-f", $"sleep {fixture.Token}"]).WaitForExit();
        }
    }

    [Fact]
    public async Task A_module_that_deletes_its_run_folder_and_prints_fails_without_stopping_the_platform()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""
            rm -rf "$(dirname "$PLATFORM_OUTPUTS_DIR")"
            echo to-stdout
            echo to-stderr >&2
            """);

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal(GlobalSlugs.ModuleFailed, result.ReasonSlug);
    }
}

/// <summary>The same tests with every run in a bubblewrap sandbox, and what only a sandbox can catch.</summary>
public sealed class SandboxedProcessTreeTests : ProcessTreeTests
{
    protected override bool Sandboxed => true;

    /// <summary>No session, no group, no marker in its environment: only the PID namespace finds it.</summary>
    [Theory]
    [InlineData("setsid env -i /bin/sleep TOKEN &")]
    [InlineData("(setsid env -i /bin/sleep TOKEN &) ; sleep 0.2")]
    public async Task A_process_that_left_its_session_and_cleared_its_environment_dies_with_the_run(string leave)
    {
        using var fixture = new ModuleFixture(Sandboxed);
        await LeftBehindIsKilled(fixture, leave);
    }
}
