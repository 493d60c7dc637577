using Platform.Domain;

namespace Platform.Orchestration;

/// <summary>
/// The <c>balance_after</c> of each report line, defined once for a run and a dry run alike: the
/// tenant's credits once this work order is settled (dry run: would be), counting the tenant's work
/// orders listed before it and none listed after. The tenant's last line therefore shows its balance
/// at the end of the run; each earlier line adds back what the later ones charged and takes away what
/// they refunded. Only this run's postings count (a resumed order's charge was an earlier run's).
/// </summary>
internal static class RunningBalances
{
    /// <param name="sorted">The report's lines, in report order.</param>
    /// <param name="final">Each tenant's balance when the run (or the dry run's plan) ends.</param>
    public static List<WorkOrderOutcome> Assign(IReadOnlyList<WorkOrderOutcome> sorted, IReadOnlyDictionary<TenantId, Credits> final)
    {
        var lines = new WorkOrderOutcome[sorted.Count];
        var after = new Dictionary<TenantId, Credits>();
        for (var i = sorted.Count - 1; i >= 0; i--)
        {
            var o = sorted[i];
            var balance = after.TryGetValue(o.Tenant, out var later) ? later : final.GetValueOrDefault(o.Tenant, o.BalanceAfter);
            lines[i] = o with { BalanceAfter = balance };
            var before = (Int128)balance.Value + o.Charged.Value - o.Refunded.Value;
            // Out of range only when postings from elsewhere (a top-up during the run) crowd the
            // balance up against 2^63: the report must not fail a settled run for that.
            after[o.Tenant] = before >= long.MinValue && before <= long.MaxValue ? new Credits((long)before) : balance;
        }
        return [.. lines];
    }
}
