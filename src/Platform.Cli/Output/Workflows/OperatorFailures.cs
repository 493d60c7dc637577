using Platform.Orchestration;
using Platform.Repository.Reasons;

namespace Platform.Cli.Output.Workflows;

/// <summary>
/// Failures the operator must fix, as opposed to those a tenant causes and fixes (a low balance, a
/// suspension, a bad work order or input a module rejects). <c>orchestrator --fail-on-platform-failures</c>
/// (the hourly workflow) exits 2 when a work order failed for one of these, so the run turns red only
/// when someone running the platform has something to do.
/// </summary>
public static class OperatorFailures
{
    /// <summary>The platform broke, lacks a module's secret, or a module crashed or hung.</summary>
    public static IReadOnlySet<string> Reasons { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        GlobalSlugs.InternalError, GlobalSlugs.SecretMissing, GlobalSlugs.ModuleFailed, GlobalSlugs.ModuleTimeout,
    };

    public static bool IsOperators(string? reason) => reason is not null && Reasons.Contains(reason);

    public static IReadOnlyList<WorkOrderOutcome> Among(IReadOnlyList<WorkOrderOutcome> outcomes) =>
        outcomes.Where(o => o.Status is WorkOrderStatus.Failed or WorkOrderStatus.Partial
            && (IsOperators(o.Reason) || o.Modules.Any(m => IsOperators(m.Reason)))).ToList();

    /// <summary>Turns the report into a failed check when any work order failed for the operator.</summary>
    public static void FailReport(CommandReport report, IReadOnlyList<WorkOrderOutcome> outcomes)
    {
        var failed = Among(outcomes);
        if (failed.Count == 0)
        {
            return;
        }
        report.ExitCode = Domain.Errors.ExitCode.BadInput;
        report.Line($"error: {failed.Count} work order(s) failed for a reason the operator must fix: "
            + string.Join(", ", failed.Take(10).Select(o => $"{o.Tenant}/{o.WorkOrder} ({Reason(o)})")) + (failed.Count > 10 ? ", ..." : ""));
    }

    private static string Reason(WorkOrderOutcome o) =>
        IsOperators(o.Reason) ? o.Reason! : o.Modules.First(m => IsOperators(m.Reason)).Reason!;
}
