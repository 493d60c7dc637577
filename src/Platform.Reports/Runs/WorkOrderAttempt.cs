namespace Platform.Reports.Runs;

/// <summary>One module run of an attempt, from module_runs_log.csv.</summary>
public sealed record ModuleRunView(string ModuleRunId, string ModuleId, string Status, string Reason, double? Seconds);

/// <summary>
/// One attempt at a work order, from workorders_log.csv: its RUNNING row (the charge) and final row
/// folded together, with its module runs. Attempt 0 is an uncharged failure (nothing ran); rows of
/// the earlier Python platform carry no attempt (null) and count as one attempt per work order.
/// </summary>
public sealed record WorkOrderAttempt(
    string TenantId, string WorkOrderId, int? Attempt, string Status, string StartedAt, string EndedAt, double? Seconds,
    IReadOnlyList<string> Reasons, long? Charged, long? Refunded, List<ModuleRunView> Modules);

/// <summary>What <c>platform runs</c> asks for; <see cref="Limit"/> keeps the newest attempts (0: all).</summary>
public sealed record RunsFilter(TenantId? Tenant, string? Status, int Limit)
{
    /// <summary>The statuses a work order's log row can hold.</summary>
    public static readonly IReadOnlyList<string> Statuses = ["RUNNING", "COMPLETED", "PARTIAL", "FAILED"];
}

public sealed record RunsPage(IReadOnlyList<WorkOrderAttempt> Attempts, int Matching);
