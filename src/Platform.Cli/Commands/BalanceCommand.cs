using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Reports.Balances;

namespace Platform.Cli.Commands;

/// <summary><c>platform balance [--tenant T]</c>: every tenant's status, credits and last posting, read-only.</summary>
public static class BalanceCommand
{
    public static Command Create(CommonOptions options)
    {
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant (exit 2 when it names none)" };
        var format = ViewOutput.FormatOption("table", "csv", "json");
        var command = new Command("balance", "Show tenants' balances (read-only)") { tenant, format };
        command.SetBody(options, (parse, context) =>
        {
            var sheet = context.StateTransaction().Read(dir => BalanceSheet.Read(context.RepoRoot, dir, parse.GetValue(tenant)));
            var rows = sheet.Select(b => new[] { b.TenantId, b.Status, b.Credits.ToString(CultureInfo.InvariantCulture), b.LastActivity }).ToList();
            var json = new JsonArray(sheet.Select(b => (JsonNode)new JsonObject
            {
                ["tenant_id"] = b.TenantId,
                ["status"] = b.Status,
                ["credits_available"] = b.Credits,
                ["last_activity"] = b.LastActivity.Length > 0 ? b.LastActivity : null,
            }).ToArray());
            return ViewOutput.Rows(new CommandReport(), context.Output.Json, parse.GetValue(format)!, "tenants",
                ["tenant_id", "status", "credits_available", "last_activity"], rows, json);
        });
        return command;
    }
}
