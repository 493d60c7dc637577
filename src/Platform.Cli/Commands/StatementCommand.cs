using System.CommandLine;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Reports.Reading;
using Platform.Reports.Reasons;
using Platform.Reports.Statements;

namespace Platform.Cli.Commands;

/// <summary><c>platform statement --tenant T [--from D] [--to D] [--format text|csv|json|html]</c>: a tenant's checked statement, read-only.</summary>
public static class StatementCommand
{
    public static Command Create(CommonOptions options)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant", Required = true };
        var from = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd) or moment (UTC timestamp); default: the first transaction" };
        var to = new Option<string?>("--to") { Description = "Last day (the whole day) or moment; default: the last transaction" };
        var format = ViewOutput.FormatOption("text", "csv", "json", "html");
        var command = new Command("statement", "Show a tenant's statement for a period: opening balance, transactions and items, closing balance, totals (read-only)")
        {
            tenant, from, to, format,
        };
        command.SetBody(options, (parse, context) =>
        {
            var id = KnownNames.Tenant(parse.GetValue(tenant)!, "--tenant");
            var period = StatementPeriod.Parse(parse.GetValue(from), parse.GetValue(to));
            var reasons = ReasonCatalog.Read(context.RepoRoot);
            var statement = context.StateTransaction().Read(dir => StatementBuilder.Build(dir, reasons, id, period, context.Clock.GetUtcNow()));
            if (!statement.InState && !KnownNames.TenantHasFile(context.RepoRoot, id))
            {
                throw KnownNames.NamesNothing("--tenant", id.Value, "tenant in tenants/ or the billing state");
            }
            var report = new CommandReport().Set("statement", StatementJson.Render(statement));
            if (context.Output.Json)
            {
                return report;
            }
            return report.Line(parse.GetValue(format) switch
            {
                "csv" => StatementCsv.Render(statement).TrimEnd('\n'),
                "json" => StatementJson.Render(statement).ToJsonString(),
                "html" => StatementHtml.Render(statement).TrimEnd('\n'),
                _ => StatementText.Render(statement).TrimEnd('\n'),
            });
        });
        return command;
    }
}
