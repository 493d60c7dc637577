namespace Platform.Orchestration;

/// <summary>What happened to a work order in a run; <see cref="StatusText"/> gives the word the logs and reports use.</summary>
public enum WorkOrderStatus
{
    /// <summary>Priced by a dry run, nothing charged.</summary>
    Planned,

    /// <summary>Charged, its modules not yet settled (the log's RUNNING row).</summary>
    Running,

    Completed,

    /// <summary>Some modules completed, others did not (PARTIAL_ALLOWED).</summary>
    Partial,

    Failed,

    /// <summary>Finished at its current revision: not run again without --rerun.</summary>
    Skipped,

    /// <summary><c>enabled: false</c>.</summary>
    Disabled,
}

/// <summary>How one module of a work order ended.</summary>
public enum StepStatus
{
    Completed,
    Failed,
    NotExecuted,
}

/// <summary>The words the state files and the report use for the statuses (the earlier Python platform's).</summary>
public static class StatusText
{
    public static string Text(this WorkOrderStatus status) => status switch
    {
        WorkOrderStatus.Planned => "PLANNED",
        WorkOrderStatus.Running => "RUNNING",
        WorkOrderStatus.Completed => "COMPLETED",
        WorkOrderStatus.Partial => "PARTIAL",
        WorkOrderStatus.Failed => "FAILED",
        WorkOrderStatus.Skipped => "SKIPPED",
        WorkOrderStatus.Disabled => "DISABLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string Text(this StepStatus status) => status switch
    {
        StepStatus.Completed => "COMPLETED",
        StepStatus.Failed => "FAILED",
        StepStatus.NotExecuted => "NOT_EXECUTED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
