using System.Text.Json.Nodes;
using Platform.Orchestration;

namespace Platform.Cli.Output.Progress;

/// <summary>
/// The orchestrator's report: a line per work order, the balance legend, the summary tables and a
/// last line of counts; for <c>--json</c> one object with a row per work order, counts, credits and
/// (added) a row per tenant.
/// </summary>
public static class OrchestratorReport
{
    /// <param name="terminal">Whether stdout is a terminal (the tables' borders).</param>
    public static CommandReport Build(IReadOnlyList<WorkOrderOutcome> outcomes, bool dryRun, bool terminal)
    {
        var report = new CommandReport();
        foreach (var line in WorkOrderLines.For(outcomes, dryRun))
        {
            report.Line(line);
        }
        if (outcomes.Count > 0)
        {
            report.Line(WorkOrderLines.BalanceLegend(dryRun)).Line("");
            foreach (var line in RunSummary.Tables(outcomes, dryRun, terminal))
            {
                report.Line(line);
            }
            report.Line("");
        }
        var counts = Counts(outcomes);
        report.Line($"{(dryRun ? "dry run: " : "")}{outcomes.Count} work order(s): " + string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}")));
        report.Set("dry_run", dryRun).Set("work_orders", new JsonArray([.. outcomes.Select(Row)]))
            .Set("counts", CountsJson(counts))
            // Totals over many tenants may pass the range of one balance: summed as decimals, for the report only.
            .Set("charged", Charged(outcomes)).Set("refunded", Refunded(outcomes)).Set("net", Charged(outcomes) - Refunded(outcomes))
            .Set("tenants", new JsonArray([.. outcomes.GroupBy(o => o.Tenant).Select(Tenant)]));
        return report;
    }

    private static JsonObject Row(WorkOrderOutcome o) => new()
    {
        ["tenant_id"] = o.Tenant.Value,
        ["work_order_id"] = o.WorkOrder.Value,
        ["status"] = o.Status.Text(),
        ["reason"] = o.Reason,
        ["charged"] = o.Charged.Value,
        ["refunded"] = o.Refunded.Value,
        ["balance_after"] = o.BalanceAfter.Value,
        ["note"] = o.Note,
        ["modules"] = new JsonArray([.. o.Modules.Select(m => (JsonNode)new JsonObject
        {
            ["module_id"] = m.Module.Value,
            ["status"] = m.Status.Text(),
            ["reason"] = m.Reason,
            ["refunded"] = m.Refunded.Value,
        })]),
    };

    private static JsonObject Tenant(IGrouping<TenantId, WorkOrderOutcome> orders) => new()
    {
        ["tenant_id"] = orders.Key.Value,
        ["work_orders"] = orders.Count(),
        ["counts"] = CountsJson(Counts([.. orders])),
        ["charged"] = Charged(orders),
        ["refunded"] = Refunded(orders),
        ["balance_after"] = orders.Last().BalanceAfter.Value,
    };

    private static Dictionary<string, int> Counts(IReadOnlyList<WorkOrderOutcome> outcomes) =>
        outcomes.GroupBy(o => o.Status.Text()).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());

    private static JsonObject CountsJson(Dictionary<string, int> counts) => new(counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value)));

    private static decimal Charged(IEnumerable<WorkOrderOutcome> outcomes) => outcomes.Sum(o => (decimal)o.Charged.Value);

    private static decimal Refunded(IEnumerable<WorkOrderOutcome> outcomes) => outcomes.Sum(o => (decimal)o.Refunded.Value);
}
