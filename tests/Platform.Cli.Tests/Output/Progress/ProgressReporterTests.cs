using Microsoft.Extensions.Time.Testing;
using Platform.Cli.Output.Progress;

namespace Platform.Cli.Tests.Output.Progress;

public sealed class ProgressReporterTests
{
    private static readonly TimeSpan Interval = ProgressReporter.PlainInterval;
    private static readonly TenantId Tenant = TenantId.Parse("Tnt001", "test");
    private static readonly WorkOrderId Order = WorkOrderId.Parse("WoA00001", "test");
    private static readonly ModuleId Module = ModuleId.Parse("mA1", "test");

    private readonly FakeTimeProvider clock = new(DateTimeOffset.Parse("2026-01-04T18:37:22Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly List<string> lines = [];

    private ProgressReporter Reporter() => new(clock, Interval, lines.Add);

    [Fact]
    public void No_line_is_written_before_the_work_orders_are_charged()
    {
        using var reporter = Reporter();
        clock.Advance(Interval * 5);
        Assert.Empty(lines);
    }

    [Fact]
    public void The_first_line_comes_one_interval_after_charging_and_not_before()
    {
        using var reporter = Reporter();
        reporter.Charged(3);
        clock.Advance(Interval - TimeSpan.FromMilliseconds(1));
        Assert.Empty(lines);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Single(lines);
    }

    [Fact]
    public void Lines_come_at_most_once_per_interval_however_busy_the_run()
    {
        using var reporter = Reporter();
        reporter.Charged(100);
        for (var second = 0; second < 35; second++)
        {
            reporter.ModuleStarted(Tenant, Order, Module);
            reporter.ModuleEnded(Tenant, Order, Module);
            reporter.WorkOrderRan(Tenant, Order);
            clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public void A_line_names_work_orders_run_of_charged_the_modules_running_and_the_time_taken()
    {
        using var reporter = Reporter();
        reporter.Charged(4);
        reporter.ModuleStarted(Tenant, Order, Module);
        reporter.ModuleStarted(Tenant, WorkOrderId.Parse("WoB00002", "test"), Module);
        reporter.ModuleEnded(Tenant, Order, Module);
        reporter.WorkOrderRan(Tenant, Order);
        clock.Advance(TimeSpan.FromSeconds(3725));
        Assert.Equal("progress: 1/4 work orders run, 1 module(s) running (Tnt001/WoB00002 mA1), elapsed 1:02:05", lines[^1]);
    }

    [Fact]
    public void A_line_names_three_running_modules_and_counts_the_rest()
    {
        using var reporter = Reporter();
        reporter.Charged(5);
        foreach (var id in new[] { "WoA00001", "WoA00002", "WoA00003", "WoA00004", "WoA00005" })
        {
            reporter.ModuleStarted(Tenant, WorkOrderId.Parse(id, "test"), Module);
        }
        clock.Advance(Interval);
        Assert.Equal("progress: 0/5 work orders run, 5 module(s) running (Tnt001/WoA00001 mA1, Tnt001/WoA00002 mA1, Tnt001/WoA00003 mA1 and 2 more), elapsed 0:00:10", lines[^1]);
    }

    [Fact]
    public void A_run_with_nothing_to_run_writes_no_line()
    {
        using var reporter = Reporter();
        reporter.Charged(0);
        clock.Advance(Interval * 3);
        Assert.Empty(lines);
    }

    [Fact]
    public void No_line_is_written_once_the_run_has_ended()
    {
        var reporter = Reporter();
        reporter.Charged(2);
        clock.Advance(Interval);
        reporter.Dispose();
        clock.Advance(Interval * 3);
        Assert.Single(lines);
    }

    [Fact]
    public void Without_a_writer_the_reporter_only_keeps_the_snapshot_for_a_live_view()
    {
        using var reporter = new ProgressReporter(clock, Interval, write: null);
        Assert.Null(reporter.Snapshot().Total);
        reporter.Charged(2);
        reporter.ModuleStarted(Tenant, Order, Module);
        clock.Advance(TimeSpan.FromSeconds(4));
        var now = reporter.Snapshot();
        Assert.Equal((0, 2, 1), (now.Done, now.Total!.Value, now.Running.Count));
        Assert.Equal(TimeSpan.FromSeconds(4), reporter.RunningFor(now.Running[0]));
        Assert.Empty(lines);
    }

    [Fact]
    public void The_interval_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressReporter(clock, TimeSpan.Zero, lines.Add));
}
