using Platform.Reports.Balances;
using Platform.Reports.Runs;
using Platform.Reports.Statements;

namespace Platform.Reports.Dashboard;

/// <summary>A module's charges and refunds in the window: its refund rate is refunded over charged credits.</summary>
public sealed record ModuleRefunds(string ModuleId, long Charged, long Refunded, int Charges, int Refunds);

/// <summary>
/// The overview's figures, summed from the tenants' checked statements for the window (so every
/// figure is the ledger's), the balance sheet and the work orders' attempts. Statements are added
/// one at a time, from one thread; the sums are read once all are in.
/// </summary>
public sealed class DashboardFigures(DashboardWindow window, long generation, IReadOnlyList<TenantBalance> balances, IReadOnlyList<WorkOrderAttempt> attempts)
{
    private readonly long[] spent = new long[window.Days];
    private readonly long[] refunded = new long[window.Days];
    private readonly Dictionary<string, ModuleRefunds> modules = new(StringComparer.Ordinal);

    public DashboardWindow Window => window;

    public IReadOnlyList<TenantBalance> Balances => balances;

    public long Generation => generation;

    /// <summary>Credits spent per day of the window: charges net of their discounts (adjustments are not spending).</summary>
    public IReadOnlyList<long> SpentPerDay => spent;

    public IReadOnlyList<long> RefundedPerDay => refunded;

    public IReadOnlyList<ModuleRefunds> Modules => [.. modules.Values.OrderBy(m => m.ModuleId, StringComparer.Ordinal)];

    /// <summary>The attempts started in the window, in log order.</summary>
    public IReadOnlyList<WorkOrderAttempt> Attempts { get; } =
        [.. attempts.Where(a => !window.Period.IsBefore(a.StartedAt) && !window.Period.IsAfter(a.StartedAt))];

    /// <summary>Attempts in the window by final status, in the order statuses are listed.</summary>
    public IReadOnlyList<(string Status, int Count)> Outcomes =>
        [.. RunsFilter.Statuses.Select(s => (s, Attempts.Count(a => a.Status == s))).Where(o => o.Item2 > 0)
            .Concat(Attempts.Where(a => !RunsFilter.Statuses.Contains(a.Status)).GroupBy(a => a.Status).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Count())))];

    /// <summary>The reasons of failed and partial attempts in the window, most frequent first (ties by text), at most <paramref name="top"/>.</summary>
    public IReadOnlyList<(string Reason, int Count)> FailureReasons(int top) =>
        [.. Attempts.Where(a => a.Status is "FAILED" or "PARTIAL").SelectMany(a => a.Reasons).GroupBy(r => r)
            .Select(g => (g.Key, g.Count())).OrderByDescending(r => r.Item2).ThenBy(r => r.Key, StringComparer.Ordinal).Take(top)];

    public void Add(Statement statement)
    {
        foreach (var line in statement.Lines)
        {
            var day = window.DayOf(line.CreatedAt);
            foreach (var item in line.Items)
            {
                switch (item.Kind)
                {
                    case LineKind.Charge or LineKind.Discount:
                        spent[day] -= item.Amount;
                        break;
                    case LineKind.Refund:
                        refunded[day] += item.Amount;
                        break;
                }
                if (item.Kind is LineKind.Charge or LineKind.Refund && item.ModuleId.Length > 0)
                {
                    var m = modules.GetValueOrDefault(item.ModuleId) ?? new ModuleRefunds(item.ModuleId, 0, 0, 0, 0);
                    modules[item.ModuleId] = item.Kind == LineKind.Charge
                        ? m with { Charged = m.Charged - item.Amount, Charges = m.Charges + 1 }
                        : m with { Refunded = m.Refunded + item.Amount, Refunds = m.Refunds + 1 };
                }
            }
        }
    }
}
