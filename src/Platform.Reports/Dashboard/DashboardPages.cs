using System.Globalization;
using System.Net;
using System.Text;
using Platform.Reports.Balances;
using Platform.Reports.Runs;
using Platform.Reports.Statements;

namespace Platform.Reports.Dashboard;

/// <summary>
/// The dashboard's two kinds of page: the overview (<c>index.html</c>) and a tenant's page
/// (<c>tenants/&lt;id&gt;.html</c>). Inline CSS (the statement's look), inline SVG charts, no
/// scripts and no external resources: they open from disk. Every value is HTML-encoded.
/// </summary>
public static class DashboardPages
{
    public const string Generator = "<meta name=\"generator\" content=\"platform dashboard\">";

    private const string Spent = "#3b6fb6", Refunded = "#d08a2c", Balance = "#17693a";

    private const string Style = """
        nav{margin:0 0 1rem}a{color:#2456a4}.cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0}
        .card{border:1px solid #e3e6eb;border-radius:6px;padding:.5rem .9rem;min-width:9rem}.card b{display:block;font-size:1.35rem;font-variant-numeric:tabular-nums}
        svg.chart{width:100%;height:auto;font:11px system-ui,sans-serif;fill:#5b6472}details{margin:.5rem 0}summary{cursor:pointer;color:#5b6472}
        """;

    public const int RecentWorkOrders = 10;

    public const int TopReasons = 10;

    public static void Overview(StringBuilder html, DashboardFigures figures, string made)
    {
        var window = figures.Window;
        Open(html, "Platform dashboard");
        html.Append("<h1>Platform dashboard</h1>\n")
            .Append($"<p class=\"meta\">{E(Made(figures.Generation, made))}; figures for the last {window.Days} days ({E(window.Dates[0])} to {E(window.Dates[^1])}) unless said otherwise</p>\n")
            .Append("<div class=\"cards\">")
            .Append(Card("tenants", "Tenants", figures.Balances.Count))
            .Append(Card("credits-available", "Credits available (now)", figures.Balances.Sum(b => b.Credits)))
            .Append(Card("credits-spent", "Credits spent", figures.SpentPerDay.Sum()))
            .Append(Card("credits-refunded", "Credits refunded", figures.RefundedPerDay.Sum()))
            .Append("</div>\n");

        html.Append("<h2>Credits spent and refunded per day</h2>\n<p class=\"meta\">Spent: charges net of discounts. Adjustments and top-ups are not counted.</p>\n")
            .Append(SvgCharts.Bars("Credits spent and refunded per day", window.Dates,
                [new ChartSeries("spent", Spent, figures.SpentPerDay), new ChartSeries("refunded", Refunded, figures.RefundedPerDay)]))
            .Append("\n<details><summary>As a table</summary><table id=\"per-day\"><thead><tr><th>Day</th><th class=\"n\">Spent</th><th class=\"n\">Refunded</th></tr></thead><tbody>\n");
        for (var i = 0; i < window.Days; i++)
        {
            html.Append($"<tr><td>{E(window.Dates[i])}</td><td class=\"n\">{Number(figures.SpentPerDay[i])}</td><td class=\"n\">{Number(figures.RefundedPerDay[i])}</td></tr>\n");
        }
        html.Append("</tbody></table></details>\n");

        html.Append("<h2>Work-order outcomes</h2>\n<table id=\"outcomes\"><thead><tr><th>Status</th><th class=\"n\">Attempts</th></tr></thead><tbody>\n");
        foreach (var (status, count) in figures.Outcomes)
        {
            html.Append($"<tr><td>{E(status)}</td><td class=\"n\">{count}</td></tr>\n");
        }
        html.Append(Empty(figures.Outcomes.Count, 2, "No work-order attempts in these days."))
            .Append("</tbody></table>\n<h2>Top failure reasons</h2>\n<p class=\"meta\">Reasons of failed and partial attempts, as maintenance-state/reason_catalog.csv describes them.</p>\n")
            .Append("<table id=\"failure-reasons\"><thead><tr><th>Reason</th><th class=\"n\">Attempts</th></tr></thead><tbody>\n");
        var reasons = figures.FailureReasons(TopReasons);
        foreach (var (reason, count) in reasons)
        {
            html.Append($"<tr><td>{E(reason)}</td><td class=\"n\">{count}</td></tr>\n");
        }
        html.Append(Empty(reasons.Count, 2, "No failures in these days."))
            .Append("</tbody></table>\n<h2>Refund rate per module</h2>\n")
            .Append("<table id=\"refund-rates\"><thead><tr><th>Module</th><th class=\"n\">Charges</th><th class=\"n\">Credits charged</th><th class=\"n\">Refunds</th><th class=\"n\">Credits refunded</th><th class=\"n\">Refund rate</th></tr></thead><tbody>\n");
        foreach (var m in figures.Modules)
        {
            var rate = m.Charged == 0 ? "–" : (100.0 * m.Refunded / m.Charged).ToString("0.0", CultureInfo.InvariantCulture) + "%";
            html.Append($"<tr><td>{E(m.ModuleId)}</td><td class=\"n\">{m.Charges}</td><td class=\"n\">{Number(m.Charged)}</td><td class=\"n\">{m.Refunds}</td><td class=\"n\">{Number(m.Refunded)}</td><td class=\"n\">{rate}</td></tr>\n");
        }
        html.Append(Empty(figures.Modules.Count, 6, "No module charges in these days."))
            .Append("</tbody></table>\n<h2>Tenants</h2>\n")
            .Append("<table id=\"tenants\"><thead><tr><th>Tenant</th><th>Status</th><th class=\"n\">Credits available</th><th>Last activity</th></tr></thead><tbody>\n");
        foreach (var b in figures.Balances)
        {
            html.Append($"<tr><td><a href=\"tenants/{E(b.TenantId)}.html\">{E(b.TenantId)}</a></td><td>{E(b.Status)}</td><td class=\"n\">{Number(b.Credits)}</td><td>{E(b.LastActivity)}</td></tr>\n");
        }
        html.Append("</tbody></table>\n</body></html>\n");
    }

    public static void Tenant(StringBuilder html, TenantBalance balance, Statement statement, DashboardWindow window, IReadOnlyList<WorkOrderAttempt> recent)
    {
        Open(html, $"Tenant {balance.TenantId}");
        html.Append($"<nav><a href=\"../index.html\">← Dashboard</a></nav>\n<h1>Tenant {E(balance.TenantId)}</h1>\n")
            .Append($"<p class=\"meta\">{E(Made(statement.Generation, statement.GeneratedAt))}</p>\n<div class=\"cards\">")
            .Append(Card("status", "Status", balance.Status))
            .Append(Card("credits-available", "Credits available", Number(balance.Credits)))
            .Append(Card("last-activity", "Last activity", balance.LastActivity.Length > 0 ? balance.LastActivity : "none"))
            .Append("</div>\n");

        var perDay = new long[window.Days];
        var running = statement.Opening;
        var next = 0;
        for (var day = 0; day < window.Days; day++)
        {
            for (; next < statement.Lines.Count && window.DayOf(statement.Lines[next].CreatedAt) <= day; next++)
            {
                running = statement.Lines[next].BalanceAfter;
            }
            perDay[day] = running;
        }
        html.Append($"<h2>Balance over the last {window.Days} days</h2>\n")
            .Append(SvgCharts.Line("Balance at the end of each day", window.Dates, new ChartSeries("balance", Balance, perDay)))
            .Append("\n<h2>Recent work orders</h2>\n")
            .Append("<table id=\"recent-work-orders\"><thead><tr><th>Work order</th><th class=\"n\">Attempt</th><th>Status</th><th>Started</th><th class=\"n\">Seconds</th><th class=\"n\">Charged</th><th class=\"n\">Refunded</th><th>Reasons</th></tr></thead><tbody>\n");
        foreach (var a in recent)
        {
            html.Append($"<tr><td>{E(a.WorkOrderId)}</td><td class=\"n\">{a.Attempt?.ToString(CultureInfo.InvariantCulture) ?? ""}</td><td>{E(a.Status)}</td><td>{E(a.StartedAt)}</td>")
                .Append($"<td class=\"n\">{a.Seconds?.ToString("0.#", CultureInfo.InvariantCulture) ?? ""}</td><td class=\"n\">{(a.Charged is { } c ? Number(c) : "")}</td>")
                .Append($"<td class=\"n\">{(a.Refunded is { } r ? Number(r) : "")}</td><td>{E(string.Join("; ", a.Reasons))}</td></tr>\n");
        }
        html.Append(Empty(recent.Count, 8, "No work orders yet."))
            .Append($"</tbody></table>\n<h2>Statement, {E(StatementText.PeriodText(statement.Period))}</h2>\n")
            .Append("<p class=\"meta\">For any other period: <code>platform statement --tenant ")
            .Append(E(balance.TenantId)).Append(" --from D --to D --format html</code></p>\n");
        StatementHtml.AppendTables(html, statement);
        html.Append("</body></html>\n");
    }

    private static void Open(StringBuilder html, string title) => html
        .Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">").Append(Generator)
        .Append($"<title>{E(title)}</title><style>{StatementHtml.Style}{Style}</style></head><body>\n");

    private static string Made(long generation, string made) => $"Billing state generation {generation.ToString(CultureInfo.InvariantCulture)}, made {made}";

    private static string Card(string id, string label, long value) => Card(id, label, Number(value));

    private static string Card(string id, string label, string value) => $"<div class=\"card\" id=\"{id}\">{E(label)}<b>{E(value)}</b></div>";

    private static string Empty(int count, int columns, string text) => count > 0 ? "" : $"<tr><td colspan=\"{columns}\">{E(text)}</td></tr>\n";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
