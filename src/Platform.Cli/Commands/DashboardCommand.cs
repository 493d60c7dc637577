using System.CommandLine;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Reports.Dashboard;
using Platform.Reports.Reasons;

namespace Platform.Cli.Commands;

/// <summary><c>platform dashboard --out DIR [--days N]</c>: a static HTML site of the books (overview and a page per tenant), read-only.</summary>
public static class DashboardCommand
{
    public static Command Create(CommonOptions options)
    {
        var output = new Option<string>("--out") { Description = "Folder to write the site to (missing, empty, or an earlier dashboard; replaced whole)", Required = true };
        var days = new Option<int>("--days") { Description = $"Days the charts and statements cover, up to today (1 to {DashboardWindow.MaxDays})", DefaultValueFactory = _ => 31 };
        var command = new Command("dashboard", "Write a static HTML dashboard: tenants, balances, spending, outcomes, failure reasons, refund rates, a page per tenant (read-only)")
        {
            output, days,
        };
        command.SetBody(options, (parse, context) =>
        {
            var reasons = ReasonCatalog.Read(context.RepoRoot);
            var now = context.Clock.GetUtcNow();
            var site = context.StateTransaction().Read(dir => DashboardSite.Write(context.RepoRoot, dir, reasons, now, parse.GetValue(days), parse.GetValue(output)!));
            return new CommandReport()
                .Set("out", site.Folder)
                .Set("tenant_pages", site.TenantPages)
                .Set("generation", site.Generation)
                .Line($"Dashboard written to {site.Folder}: index.html and {site.TenantPages} tenant pages (billing state generation {site.Generation})");
        });
        return command;
    }
}
