using System.Globalization;
using Microsoft.Playwright;

namespace Platform.Dashboard.Tests;

/// <summary>
/// The dashboard opened from disk (file://) in Debian's Chromium, driven by Playwright: the numbers
/// it shows are the ledger's (summed here from the CSV files), the pages log no console errors and
/// request nothing but themselves. A screenshot of each kind of page is saved in the test output
/// folder (screenshots/). Chromium must be installed (.ci/run installs it): without it these fail.
/// </summary>
public class DashboardBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");

    private sealed record Visit(IPage Page, List<string> Errors, List<string> Requests);

    private static async Task<Visit> Open(IBrowser browser, string file)
    {
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1200, Height = 900 } });
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                errors.Add(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Request += (_, request) => requests.Add(request.Url);
        var response = await page.GotoAsync(new Uri(file).AbsoluteUri, new() { WaitUntil = WaitUntilState.Load });
        Assert.NotNull(response);
        return new Visit(page, errors, requests);
    }

    private static async Task<long> Number(IPage page, string selector) =>
        long.Parse((await page.Locator(selector).TextContentAsync())!.Trim(), CultureInfo.InvariantCulture);

    /// <summary>A table's body rows as a dictionary, by the first cell.</summary>
    private static async Task<Dictionary<string, TValue>> Table<TValue>(IPage page, string table, Func<IReadOnlyList<string>, (string, TValue)> read)
    {
        var rows = new Dictionary<string, TValue>();
        foreach (var row in await page.Locator($"{table} tbody tr").AllAsync())
        {
            var (key, value) = read(await row.Locator("td").AllTextContentsAsync());
            rows[key] = value;
        }
        return rows;
    }

    [Fact]
    public async Task Overview_and_tenant_pages_show_the_ledgers_numbers_with_no_console_errors_or_requests()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: install Debian's chromium (apt-get install -y chromium; .ci/run does)");
        using var state = new DashboardState();
        var site = Path.Combine(state.Output, "site");
        var run = state.Dashboard(site);
        Assert.True(run.ExitCode == 0, run.ToString());
        var ledger = state.LedgerBalances();
        var recorded = state.Repo.Rows("tenants_credits.csv").ToDictionary(r => r["tenant_id"], r => DashboardState.Amount(r["credits_available"]));
        Assert.Equal(recorded, ledger);
        var spent = state.SpentPerDay();
        var refunded = state.RefundedPerDay();
        Assert.True(spent.Values.Sum() > 0 && refunded.Values.Sum() > 0, "the state has no spending or no refund to show");
        Directory.CreateDirectory(Screenshots);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });

        var index = Path.Combine(site, "index.html");
        var overview = await Open(browser, index);
        var page = overview.Page;
        Assert.Equal(3, await Number(page, "#tenants b"));
        Assert.Equal(ledger.Values.Sum(), await Number(page, "#credits-available b"));
        Assert.Equal(spent.Values.Sum(), await Number(page, "#credits-spent b"));
        Assert.Equal(refunded.Values.Sum(), await Number(page, "#credits-refunded b"));
        var rows = await page.Locator("#tenants tbody tr").AllAsync();
        var shown = new Dictionary<string, long>();
        foreach (var row in rows)
        {
            var cells = await row.Locator("td").AllTextContentsAsync();
            shown[cells[0]] = long.Parse(cells[2], CultureInfo.InvariantCulture);
        }
        Assert.Equal(new Dictionary<string, long>(ledger) { ["Tnt003"] = 0 }, shown);
        foreach (var row in await page.Locator("#per-day tbody tr").AllAsync())
        {
            var cells = await row.Locator("td").AllTextContentsAsync();
            Assert.Equal(spent.GetValueOrDefault(cells[0]), long.Parse(cells[1], CultureInfo.InvariantCulture));
            Assert.Equal(refunded.GetValueOrDefault(cells[0]), long.Parse(cells[2], CultureInfo.InvariantCulture));
        }
        Assert.Contains("bad_input: The input was bad", await page.Locator("#failure-reasons").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(state.ModuleCharges(), await Table(page, "#refund-rates", c => (c[0], (DashboardState.Amount(c[2]), DashboardState.Amount(c[4])))));
        Assert.Equal(state.FinalStatuses(), await Table(page, "#outcomes", c => (c[0], DashboardState.Amount(c[1]))));
        Assert.Equal(1, await page.Locator("svg.chart").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "dashboard-overview.png"), FullPage = true });

        await page.Locator("#tenants a", new() { HasText = "Tnt001" }).ClickAsync();
        Assert.EndsWith("/tenants/Tnt001.html", page.Url, StringComparison.Ordinal);
        Assert.Equal(ledger["Tnt001"], await Number(page, "#credits-available b"));
        var closing = await page.Locator("tr.sum", new() { HasText = "Closing balance" }).Locator("td").Last.TextContentAsync();
        Assert.Equal(ledger["Tnt001"], long.Parse(closing!, CultureInfo.InvariantCulture));
        Assert.Contains("promotion WELCOME10", await page.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("Wo000001", await page.Locator("#recent-work-orders tbody tr td").First.TextContentAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "dashboard-tenant.png"), FullPage = true });

        var tenant = await Open(browser, Path.Combine(site, "tenants", "Tnt002.html"));
        Assert.Equal(ledger["Tnt002"], await Number(tenant.Page, "#credits-available b"));

        foreach (var visit in new[] { overview, tenant })
        {
            Assert.Empty(visit.Errors);
            Assert.All(visit.Requests, url => Assert.StartsWith("file://", url, StringComparison.Ordinal));
        }
        Assert.Equal([new Uri(index).AbsoluteUri, new Uri(Path.Combine(site, "tenants", "Tnt001.html")).AbsoluteUri], overview.Requests);
        Assert.Single(tenant.Requests);
    }
}
