using System.Globalization;
using Platform.Orchestration;
using Spectre.Console;

namespace Platform.Cli.Output.Progress;

/// <summary>
/// The tables that end an orchestrator report: work orders and credits by status (with a total), and
/// one row per tenant (its work orders by outcome, credits charged and refunded, balance after the
/// run). Drawn as text: rounded borders on a terminal, Markdown tables in a log or a file.
/// </summary>
public static class RunSummary
{
    private static readonly WorkOrderStatus[] StatusOrder =
        [WorkOrderStatus.Completed, WorkOrderStatus.Partial, WorkOrderStatus.Failed, WorkOrderStatus.Planned,
         WorkOrderStatus.Running, WorkOrderStatus.Skipped, WorkOrderStatus.Disabled];

    public static IReadOnlyList<string> Tables(IReadOnlyList<WorkOrderOutcome> outcomes, bool dryRun, bool terminal)
    {
        if (outcomes.Count == 0)
        {
            return [];
        }
        var charged = dryRun ? "price" : "charged";
        var byStatus = NewTable(terminal, ["status", "work orders", charged, .. dryRun ? Array.Empty<string>() : ["refunded", "net"]]);
        foreach (var status in StatusOrder)
        {
            var group = outcomes.Where(o => o.Status == status).ToList();
            if (group.Count > 0)
            {
                AddRow(byStatus, Credits([status.Text(), Count(group.Count)], group, dryRun));
            }
        }
        AddRow(byStatus, Credits(["total", Count(outcomes.Count)], outcomes, dryRun));

        var byTenant = NewTable(terminal, ["tenant", "work orders", .. dryRun ? ["planned", "failed"] : new[] { "completed", "partial", "failed" },
            charged, .. dryRun ? Array.Empty<string>() : ["refunded"], "balance after"]);
        foreach (var tenant in outcomes.GroupBy(o => o.Tenant))
        {
            var orders = tenant.ToList();
            var statuses = dryRun ? new[] { WorkOrderStatus.Planned, WorkOrderStatus.Failed } : [WorkOrderStatus.Completed, WorkOrderStatus.Partial, WorkOrderStatus.Failed];
            AddRow(byTenant, [tenant.Key.Value, Count(orders.Count), .. statuses.Select(s => Count(orders.Count(o => o.Status == s))),
                Sum(orders, o => o.Charged), .. dryRun ? Array.Empty<string>() : [Sum(orders, o => o.Refunded)],
                Count(orders[^1].BalanceAfter.Value)]);
        }
        return [.. Render(byStatus, terminal), "", .. Render(byTenant, terminal)];
    }

    private static string[] Credits(string[] first, IReadOnlyList<WorkOrderOutcome> group, bool dryRun) => dryRun
        ? [.. first, Sum(group, o => o.Charged)]
        : [.. first, Sum(group, o => o.Charged), Sum(group, o => o.Refunded), Net(group)];

    /// <summary>Totals over many tenants may pass the range of one balance: summed as decimals.</summary>
    private static string Sum(IEnumerable<WorkOrderOutcome> group, Func<WorkOrderOutcome, Domain.Credits> field) =>
        group.Sum(o => (decimal)field(o).Value).ToString(CultureInfo.InvariantCulture);

    private static string Net(IEnumerable<WorkOrderOutcome> group) =>
        group.Sum(o => (decimal)o.Charged.Value - o.Refunded.Value).ToString(CultureInfo.InvariantCulture);

    private static string Count(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static Table NewTable(bool terminal, string[] headers)
    {
        var table = new Table().Border(terminal ? TableBorder.Rounded : TableBorder.Markdown);
        foreach (var (header, i) in headers.Select((h, i) => (h, i)))
        {
            table.AddColumn(new TableColumn(Markup.Escape(header)) { Alignment = i == 0 ? Justify.Left : Justify.Right });
        }
        return table;
    }

    /// <summary>Cells as plain text, never read as markup.</summary>
    private static void AddRow(Table table, string[] cells) => table.AddRow(cells.Select(c => new Text(c)));

    /// <summary>The table as plain lines (no colour codes), never wrapped.</summary>
    private static IEnumerable<string> Render(Table table, bool terminal)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 4096;
        console.Profile.Capabilities.Unicode = terminal;
        console.Write(table);
        return text.ToString().Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0);
    }
}
