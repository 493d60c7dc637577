using System.Globalization;
using Platform.Orchestration;

namespace Platform.Cli.Output.Progress;

/// <summary>
/// One line per work order, its columns aligned: <c>tenant/work_order</c>, status, charged, refunded
/// and balance (dry run: price and balance), then the reason and a note when there are any.
/// </summary>
public static class WorkOrderLines
{
    /// <summary>What the balance column means (README, "Orchestrator output"): one definition for a run and a dry run.</summary>
    public static string BalanceLegend(bool dryRun) => dryRun
        ? "balance: credits the tenant would have once this work order is settled, after the tenant's work orders above it"
        : "balance: credits the tenant has once this work order is settled, after the tenant's work orders above it";

    public static IReadOnlyList<string> For(IReadOnlyList<WorkOrderOutcome> outcomes, bool dryRun)
    {
        var rows = outcomes.Select(o => Cells(o, dryRun)).ToList();
        var widths = rows.Count == 0 ? [] : Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        return rows.Select((cells, i) =>
        {
            var aligned = string.Join("  ", cells.Select((cell, c) => cell.PadRight(widths[c])));
            return (aligned.TrimEnd() + Tail(outcomes[i])).TrimEnd();
        }).ToList();
    }

    private static string[] Cells(WorkOrderOutcome o, bool dryRun) => dryRun
        ? [$"{o.Tenant}/{o.WorkOrder}", o.Status.Text(), Amount("price", o.Charged), Amount("balance", o.BalanceAfter)]
        : [$"{o.Tenant}/{o.WorkOrder}", o.Status.Text(), Amount("charged", o.Charged), Amount("refunded", o.Refunded), Amount("balance", o.BalanceAfter)];

    private static string Tail(WorkOrderOutcome o) =>
        (o.Reason is { Length: > 0 } reason ? "  reason: " + reason : "") + (o.Note.Length > 0 ? "  note: " + o.Note : "");

    private static string Amount(string label, Domain.Credits credits) => string.Create(CultureInfo.InvariantCulture, $"{label} {credits.Value}");
}
