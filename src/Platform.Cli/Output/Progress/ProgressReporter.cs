using Platform.Orchestration.Running;

namespace Platform.Cli.Output.Progress;

/// <summary>
/// Follows an orchestrator run (work orders run of those charged, modules running now, time taken)
/// for a live display to draw, and, given <c>write</c>, writes a plain progress line every
/// <c>interval</c> once modules run (never more often): what a log without a terminal gets.
/// Thread-safe: the run's worker threads report here. Time comes from the platform's clock.
/// </summary>
public sealed class ProgressReporter : IRunProgress, IDisposable
{
    /// <summary>How often a plain progress line is written without a terminal.</summary>
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(10);

    /// <summary>
    /// <see cref="PlainInterval"/>, unless env PLATFORM_PROGRESS_SECONDS (a positive number) says
    /// otherwise: end-to-end tests set it low to see a line without waiting 10 s.
    /// </summary>
    public static TimeSpan IntervalFrom(IReadOnlyDictionary<string, string> environment) =>
        double.TryParse(environment.GetValueOrDefault("PLATFORM_PROGRESS_SECONDS"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds <= 3600
            ? TimeSpan.FromSeconds(seconds) : PlainInterval;

    private readonly TimeProvider clock;
    private readonly TimeSpan interval;
    private readonly Action<string>? write;
    private readonly long started;
    private readonly object gate = new();
    private readonly List<RunningModule> running = [];
    private int? total;
    private int done;
    private ITimer? timer;

    public ProgressReporter(TimeProvider clock, TimeSpan interval, Action<string>? write)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), interval, "must be positive");
        }
        this.clock = clock;
        this.interval = interval;
        this.write = write;
        started = clock.GetTimestamp();
    }

    public void Charged(int workOrders)
    {
        lock (gate)
        {
            total = workOrders;
            if (write is not null && workOrders > 0 && timer is null)
            {
                timer = clock.CreateTimer(_ => write(Snapshot().Line()), null, interval, interval);
            }
        }
    }

    public void ModuleStarted(TenantId tenant, WorkOrderId workOrder, ModuleId module)
    {
        lock (gate)
        {
            running.Add(new RunningModule(tenant, workOrder, module, clock.GetTimestamp()));
        }
    }

    public void ModuleEnded(TenantId tenant, WorkOrderId workOrder, ModuleId module)
    {
        lock (gate)
        {
            running.RemoveAll(r => r.Tenant == tenant && r.WorkOrder == workOrder && r.Module == module);
        }
    }

    public void WorkOrderRan(TenantId tenant, WorkOrderId workOrder)
    {
        lock (gate)
        {
            done++;
        }
    }

    /// <summary>Where the run is now; running modules longest-running first.</summary>
    public ProgressSnapshot Snapshot()
    {
        lock (gate)
        {
            return new ProgressSnapshot(done, total, [.. running], clock.GetElapsedTime(started));
        }
    }

    /// <summary>How long a running module has run.</summary>
    public TimeSpan RunningFor(RunningModule module) => clock.GetElapsedTime(module.StartedAt);

    public void Dispose()
    {
        lock (gate)
        {
            timer?.Dispose();
            timer = null;
        }
    }
}
