using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Reports.Reading;
using Platform.Reports.Reasons;
using Platform.Reports.Runs;

namespace Platform.Cli.Commands;

/// <summary><c>platform runs [--tenant T] [--status S]</c>: work orders' attempts with their module runs, read-only.</summary>
public static class RunsCommand
{
    public static Command Create(CommonOptions options)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's work orders (exit 2 when it names none)" };
        var status = new Option<string?>("--status") { Description = $"Only attempts that ended so: {string.Join(", ", RunsFilter.Statuses)}" };
        var limit = new Option<int>("--limit") { Description = "Show the newest N attempts (0: all; default 100)", DefaultValueFactory = _ => 100 };
        var format = ViewOutput.FormatOption("table", "csv", "json");
        var command = new Command("runs", "List work orders' attempts: statuses, reasons, modules, durations (read-only)") { tenant, status, limit, format };
        command.SetBody(options, (parse, context) =>
        {
            var filter = new RunsFilter(parse.GetValue(tenant) is { } t ? KnownNames.Tenant(t, "--tenant") : null,
                parse.GetValue(status)?.ToUpperInvariant(), ViewLimit.Check(parse.GetValue(limit)));
            var reasons = ReasonCatalog.Read(context.RepoRoot);
            var page = context.StateTransaction().Read(dir => RunsQuery.Read(context.RepoRoot, dir, reasons, filter));
            var rows = page.Attempts.Select(a => new[]
            {
                a.TenantId, a.WorkOrderId, a.Attempt?.ToString(CultureInfo.InvariantCulture) ?? "", a.Status, a.StartedAt, Duration(a.Seconds),
                string.Join("; ", a.Modules.Select(m => $"{m.ModuleId} {m.Status}{(m.Reason.Length > 0 ? $" ({m.Reason})" : "")} {Duration(m.Seconds)}".TrimEnd())),
                string.Join("; ", a.Reasons),
            }).ToList();
            var json = new JsonArray(page.Attempts.Select(a => (JsonNode)new JsonObject
            {
                ["tenant_id"] = a.TenantId, ["work_order_id"] = a.WorkOrderId, ["attempt"] = a.Attempt, ["status"] = a.Status,
                ["started_at"] = a.StartedAt, ["ended_at"] = a.EndedAt, ["seconds"] = a.Seconds, ["charged"] = a.Charged, ["refunded"] = a.Refunded,
                ["reasons"] = new JsonArray(a.Reasons.Select(r => (JsonNode)r).ToArray()),
                ["modules"] = new JsonArray(a.Modules.Select(m => (JsonNode)new JsonObject
                {
                    ["module_run_id"] = m.ModuleRunId, ["module_id"] = m.ModuleId, ["status"] = m.Status, ["reason"] = m.Reason, ["seconds"] = m.Seconds,
                }).ToArray()),
            }).ToArray());
            var report = new CommandReport().Set("matching", page.Matching);
            ViewOutput.Rows(report, context.Output.Json, parse.GetValue(format)!, "attempts",
                ["tenant_id", "work_order_id", "attempt", "status", "started_at", "duration", "modules", "reasons"], rows, json);
            if (page.Matching > page.Attempts.Count)
            {
                context.Output.Log($"showing the newest {page.Attempts.Count} of {page.Matching} matching attempts (--limit 0 shows all)");
            }
            return report;
        });
        return command;
    }

    private static string Duration(double? seconds) => seconds is double s ? s.ToString("0.#", CultureInfo.InvariantCulture) + " s" : "";
}
