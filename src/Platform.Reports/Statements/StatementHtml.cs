using System.Globalization;
using System.Net;
using System.Text;

namespace Platform.Reports.Statements;

/// <summary>
/// A statement as one self-contained, printable HTML page: inline CSS, no scripts, no external
/// resources, so it opens from disk and prints as it shows. Every value is HTML-encoded.
/// </summary>
public static class StatementHtml
{
    /// <summary>The page's style; public so other pages (the dashboard) can share its look.</summary>
    public const string Style = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;margin:2rem auto;max-width:60rem;padding:0 1rem}
        h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}.meta{color:#5b6472;margin:0}
        table{border-collapse:collapse;width:100%}th,td{padding:.3rem .5rem;text-align:left;vertical-align:top;border-bottom:1px solid #e3e6eb}
        th{background:#f3f5f8;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.tx td{border-top:2px solid #c9ced6;font-weight:600}tr.tx td:first-child{white-space:nowrap}tr.item td:first-child{padding-left:1.5rem;color:#5b6472}
        tr.sum td{font-weight:700;background:#f3f5f8}.neg{color:#a3261b}.pos{color:#17693a}
        @media print{body{margin:0;max-width:none}th{background:none}tr{break-inside:avoid}}
        """;

    public static string Render(Statement statement)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append($"<title>Statement {E(statement.TenantId)}</title><style>{Style}</style></head><body>\n")
            .Append($"<h1>Statement for tenant {E(statement.TenantId)}</h1>\n")
            .Append($"<p class=\"meta\">Period: {E(StatementText.PeriodText(statement.Period))}</p>\n")
            .Append($"<p class=\"meta\">Billing state generation {statement.Generation}, made {E(statement.GeneratedAt)}</p>\n");
        AppendTables(html, statement);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    /// <summary>The statement's tables (transactions with their items, totals by kind), for a page of its own or the dashboard's tenant page.</summary>
    public static void AppendTables(StringBuilder html, Statement statement)
    {
        html.Append("<h2>Transactions</h2>\n<table><thead><tr><th>Date</th><th>Transaction</th><th>Details</th><th class=\"n\">Credits</th><th class=\"n\">Balance</th></tr></thead><tbody>\n")
            .Append($"<tr class=\"sum\"><td colspan=\"4\">Opening balance</td><td class=\"n\">{Number(statement.Opening)}</td></tr>\n");
        foreach (var line in statement.Lines)
        {
            var details = line.WorkOrderId.Length > 0 ? $"work order {line.WorkOrderId}" : line.Note;
            html.Append($"<tr class=\"tx\"><td>{E(line.CreatedAt)}</td><td>{E(line.Type)} {E(line.TransactionId)}</td><td>{E(details)}</td>")
                .Append($"<td class=\"n\">{Amount(line.Amount)}</td><td class=\"n\">{Number(line.BalanceAfter)}</td></tr>\n");
            foreach (var item in line.Items)
            {
                html.Append($"<tr class=\"item\"><td>{E(item.Kind.Text())}</td><td colspan=\"2\">{E(item.Description)}</td>")
                    .Append($"<td class=\"n\">{Amount(item.Amount)}</td><td></td></tr>\n");
            }
        }
        html.Append($"<tr class=\"sum\"><td colspan=\"4\">Closing balance</td><td class=\"n\">{Number(statement.Closing)}</td></tr>\n</tbody></table>\n")
            .Append("<h2>Totals by kind</h2>\n<table><thead><tr><th>Kind</th><th class=\"n\">Items</th><th class=\"n\">Credits</th></tr></thead><tbody>\n");
        foreach (var total in statement.Totals)
        {
            html.Append($"<tr><td>{E(total.Kind.Text())}</td><td class=\"n\">{total.Items}</td><td class=\"n\">{Amount(total.Amount)}</td></tr>\n");
        }
        html.Append($"<tr class=\"sum\"><td>Net change</td><td></td><td class=\"n\">{Amount(statement.Net)}</td></tr>\n</tbody></table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Amount(long value) =>
        $"<span class=\"{(value < 0 ? "neg" : value > 0 ? "pos" : "")}\">{StatementText.Signed(value)}</span>";
}
