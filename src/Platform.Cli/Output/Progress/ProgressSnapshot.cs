using System.Globalization;

namespace Platform.Cli.Output.Progress;

/// <summary>A module running now, and since when (a <see cref="TimeProvider"/> timestamp).</summary>
public sealed record RunningModule(TenantId Tenant, WorkOrderId WorkOrder, ModuleId Module, long StartedAt)
{
    public override string ToString() => $"{Tenant}/{WorkOrder} {Module}";
}

/// <summary>Where a run is: work orders run of those charged (<see cref="Total"/> is null while charging), modules running, time taken.</summary>
public sealed record ProgressSnapshot(int Done, int? Total, IReadOnlyList<RunningModule> Running, TimeSpan Elapsed)
{
    /// <summary>How many running modules a plain line names; the rest are counted.</summary>
    public const int NamedInLine = 3;

    /// <summary>The plain progress line, for logs without a terminal.</summary>
    public string Line()
    {
        if (Total is not { } total)
        {
            return $"progress: charging work orders, elapsed {Duration(Elapsed)}";
        }
        var named = string.Join(", ", Running.Take(NamedInLine));
        var more = Running.Count > NamedInLine ? $" and {Running.Count - NamedInLine} more" : "";
        var modules = Running.Count == 0 ? "no module running" : $"{Running.Count} module(s) running ({named}{more})";
        return $"progress: {Done}/{total} work orders run, {modules}, elapsed {Duration(Elapsed)}";
    }

    /// <summary>h:mm:ss, hours unbounded.</summary>
    public static string Duration(TimeSpan span) =>
        string.Create(CultureInfo.InvariantCulture, $"{(long)span.TotalHours}:{span.Minutes:00}:{span.Seconds:00}");
}
