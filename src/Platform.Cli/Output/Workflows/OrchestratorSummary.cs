using System.Globalization;
using System.Text;
using Platform.Orchestration;

namespace Platform.Cli.Output.Workflows;

/// <summary>
/// The orchestrator's step summary: work orders by status, credits charged and refunded, every work
/// order with its reason, and a table of failures per work order and module saying who must fix each.
/// </summary>
public static class OrchestratorSummary
{
    public static string Render(IReadOnlyList<WorkOrderOutcome> outcomes, bool dryRun)
    {
        var text = new StringBuilder();
        var charged = outcomes.Sum(o => (decimal)o.Charged.Value);
        var refunded = outcomes.Sum(o => (decimal)o.Refunded.Value);
        text.Append(dryRun
            ? string.Create(CultureInfo.InvariantCulture, $"Dry run: {outcomes.Count} work order(s) priced at {charged} credits; nothing charged.\n\n")
            : string.Create(CultureInfo.InvariantCulture, $"{outcomes.Count} work order(s): **{charged}** credits charged, **{refunded}** refunded.\n\n"));
        if (outcomes.Count == 0)
        {
            return text.ToString();
        }
        Markdown.Table(text, ["status", "work orders"],
            outcomes.GroupBy(o => o.Status.Text()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (IReadOnlyList<string?>)[g.Key, Number(g.Count())]));
        text.Append("#### Work orders\n\n");
        Markdown.Table(text, ["tenant", "work order", "status", "reason", dryRun ? "price" : "charged", "refunded", "balance after", "note"],
            outcomes.Select(o => (IReadOnlyList<string?>)[o.Tenant.Value, o.WorkOrder.Value, o.Status.Text(), o.Reason,
                Number(o.Charged.Value), Number(o.Refunded.Value), Number(o.BalanceAfter.Value), o.Note]));
        var failures = outcomes.Where(o => o.Status is WorkOrderStatus.Failed or WorkOrderStatus.Partial).SelectMany(Failures).ToList();
        if (failures.Count > 0)
        {
            text.Append("#### Failures\n\n");
            Markdown.Table(text, ["tenant", "work order", "module", "module status", "reason", "refunded", "operator must fix"], failures);
        }
        return text.ToString();
    }

    /// <summary>One row per module that did not complete; one for the work order when it failed before its modules ran.</summary>
    private static IEnumerable<IReadOnlyList<string?>> Failures(WorkOrderOutcome o)
    {
        var modules = o.Modules.Where(m => m.Status != StepStatus.Completed).ToList();
        if (modules.Count == 0)
        {
            var reason = o.Note.Length > 0 ? $"{o.Reason}: {o.Note}" : o.Reason;
            return [[o.Tenant.Value, o.WorkOrder.Value, "", "", reason, Number(o.Refunded.Value), Who(o.Reason)]];
        }
        return modules.Select(m => (IReadOnlyList<string?>)[o.Tenant.Value, o.WorkOrder.Value, m.Module.Value, m.Status.Text(), m.Reason,
            Number(m.Refunded.Value), Who(m.Reason)]);
    }

    private static string Who(string? reason) => OperatorFailures.IsOperators(reason) ? "yes" : "";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
