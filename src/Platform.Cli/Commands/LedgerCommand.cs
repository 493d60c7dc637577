using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Reports.Ledger;
using Platform.Reports.Reading;
using Platform.Reports.Reasons;
using Platform.Reports.Statements;

namespace Platform.Cli.Commands;

/// <summary><c>platform ledger [--tenant T] [--work-order W] [--since D]</c>: transactions with their items, read-only.</summary>
public static class LedgerCommand
{
    public static Command Create(CommonOptions options)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's transactions (exit 2 when it names none)" };
        var workOrder = new Option<string?>("--work-order") { Description = "Only this work order's transactions (exit 2 when it names none)" };
        var since = new Option<string?>("--since") { Description = "Only transactions from this day (yyyy-MM-dd) or moment on" };
        var limit = new Option<int>("--limit") { Description = "Show the newest N matches (0: all; default 100)", DefaultValueFactory = _ => 100 };
        var format = ViewOutput.FormatOption("table", "csv", "json");
        var command = new Command("ledger", "List ledger transactions and their items (read-only)") { tenant, workOrder, since, limit, format };
        command.SetBody(options, (parse, context) =>
        {
            var filter = new LedgerFilter(
                parse.GetValue(tenant) is { } t ? KnownNames.Tenant(t, "--tenant") : null,
                parse.GetValue(workOrder) is { } w ? KnownNames.WorkOrder(w, "--work-order") : null,
                StatementPeriod.Parse(parse.GetValue(since), null, "--since"), ViewLimit.Check(parse.GetValue(limit)));
            var reasons = ReasonCatalog.Read(context.RepoRoot);
            var page = context.StateTransaction().Read(dir => LedgerQuery.Read(context.RepoRoot, dir, reasons, filter));
            var rows = page.Entries.Select(e => new[]
            {
                e.CreatedAt, e.TransactionId, e.TenantId, e.WorkOrderId, e.Type, e.Amount.ToString(CultureInfo.InvariantCulture),
                string.Join("; ", e.Items.Select(i => $"{i.Type} {i.Feature}{(i.ModuleId.Length > 0 ? " " + i.ModuleId : "")} {StatementText.Signed(i.Amount)}")),
                e.Reason, e.Note,
            }).ToList();
            var json = new JsonArray(page.Entries.Select(e => (JsonNode)new JsonObject
            {
                ["transaction_id"] = e.TransactionId, ["tenant_id"] = e.TenantId, ["work_order_id"] = e.WorkOrderId, ["type"] = e.Type,
                ["amount_credits"] = e.Amount, ["created_at"] = e.CreatedAt, ["reason_code"] = e.ReasonCode, ["reason"] = e.Reason, ["note"] = e.Note,
                ["items"] = new JsonArray(e.Items.Select(i => (JsonNode)new JsonObject
                {
                    ["transaction_item_id"] = i.ItemId, ["module_id"] = i.ModuleId, ["feature"] = i.Feature, ["type"] = i.Type,
                    ["amount_credits"] = i.Amount, ["note"] = i.Note,
                }).ToArray()),
            }).ToArray());
            var report = new CommandReport().Set("matching", page.Matching);
            ViewOutput.Rows(report, context.Output.Json, parse.GetValue(format)!, "transactions",
                ["created_at", "transaction_id", "tenant_id", "work_order_id", "type", "amount_credits", "items", "reason", "note"], rows, json);
            if (page.Matching > page.Entries.Count)
            {
                context.Output.Log($"showing the newest {page.Entries.Count} of {page.Matching} matching transactions (--limit 0 shows all)");
            }
            return report;
        });
        return command;
    }
}
