using System.Text;
using Platform.Domain.Time;
using Platform.Files.Csv;
using Platform.Reports.Balances;
using Platform.Reports.Reasons;
using Platform.Reports.Runs;
using Platform.Reports.Statements;
using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Reports.Dashboard;

/// <summary>What <c>platform dashboard</c> wrote.</summary>
public sealed record DashboardResult(string Folder, int TenantPages, long Generation);

/// <summary>
/// <c>platform dashboard --out DIR</c>: the overview and a page per tenant, built from the balance
/// sheet, the work orders' attempts and every tenant's checked statement for the window. Statements
/// are built a batch of tenants at a time (one pass over each ledger table per batch), so memory
/// stays bounded on a large state. The site is written to a fresh folder beside DIR and then put in
/// DIR's place: a reader sees the old site or the new one.
/// </summary>
public static class DashboardSite
{
    /// <summary>Tenants whose statements are built at once (two batches are in memory: one written, the next built).</summary>
    public const int Batch = 1_000;

    public static DashboardResult Write(string repoRoot, StateDirectory directory, ReasonCatalog reasons, DateTimeOffset now, int days, string outDir)
    {
        var window = new DashboardWindow(now, days);
        var target = SiteFolder.Check(outDir);
        var balances = BalanceSheet.Read(repoRoot, directory);
        var attempts = RunsQuery.Read(repoRoot, directory, reasons, new RunsFilter(null, null, 0)).Attempts;
        var recent = attempts.GroupBy(a => a.TenantId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.TakeLast(DashboardPages.RecentWorkOrders).Reverse().ToList(), StringComparer.Ordinal);
        var generation = StateManifest.Read(directory.PathOf(BillingTables.ManifestFileName)).Generation;
        var figures = new DashboardFigures(window, generation, balances, attempts);
        var staging = SiteFolder.Stage(target);
        try
        {
            var pages = Path.Combine(staging, "tenants");
            Directory.CreateDirectory(pages);
            // The next batch's statements are built while this batch's pages are written.
            var batches = balances.Chunk(Batch).ToList();
            Task<IReadOnlyDictionary<string, Statement>> Build(int i) =>
                Task.Run(() => StatementBuilder.Build(directory, reasons, [.. batches[i].Select(b => b.TenantId)], window.Period, now));
            var next = batches.Count > 0 ? Build(0) : null;
            try
            {
                for (var i = 0; i < batches.Count; i++)
                {
                    var statements = next!.GetAwaiter().GetResult();
                    next = i + 1 < batches.Count ? Build(i + 1) : null;
                    foreach (var balance in batches[i])
                    {
                        figures.Add(statements[balance.TenantId]);
                    }
                    Parallel.ForEach(batches[i], new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, balance =>
                    {
                        var statement = statements[balance.TenantId];
                        WritePage(Path.Combine(pages, balance.TenantId + ".html"),
                            html => DashboardPages.Tenant(html, balance, statement, window, recent.GetValueOrDefault(balance.TenantId) ?? []));
                    });
                }
            }
            finally
            {
                // A page that failed leaves the next batch running: let it finish before the staging folder goes.
                (next as Task)?.ContinueWith(_ => { }, TaskScheduler.Default).Wait();
            }
            WritePage(Path.Combine(staging, "index.html"), html => DashboardPages.Overview(html, figures, Timestamp.ToText(now)));
            SiteFolder.Replace(staging, target);
        }
        catch
        {
            SiteFolder.Remove(staging);
            throw;
        }
        return new DashboardResult(target, balances.Count, generation);
    }

    [ThreadStatic]
    private static StringBuilder? page;

    /// <summary>
    /// Writes a page through one reused builder per thread, chunk by chunk: no page is ever one large
    /// string, which kept ten thousand pages' worth of large-object heap alive (peak RSS ~390 MiB).
    /// </summary>
    private static void WritePage(string path, Action<StringBuilder> render)
    {
        var html = page ??= new StringBuilder(1 << 16);
        html.Clear();
        render(html);
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        using var writer = new StreamWriter(file, CsvFormat.Utf8, 1 << 16);
        writer.Write(html);
    }
}
