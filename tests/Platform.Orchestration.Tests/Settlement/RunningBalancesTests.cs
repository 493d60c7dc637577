using Platform.Domain;
using Platform.Orchestration;

namespace Platform.Orchestration.Tests.Settlement;

public sealed class RunningBalancesTests
{
    private static readonly TenantId A = TenantId.Parse("TntAaa", "test");
    private static readonly TenantId B = TenantId.Parse("TntBbb", "test");

    private static WorkOrderOutcome Line(TenantId tenant, string id, long charged, long refunded) =>
        new(tenant, WorkOrderId.Parse(id, "test"), WorkOrderStatus.Completed, null, new Credits(charged), new Credits(refunded), Credits.Zero, "");

    [Fact]
    public void Each_line_shows_the_balance_after_it_and_the_tenants_earlier_lines_and_the_last_one_the_final_balance()
    {
        var lines = RunningBalances.Assign(
            [Line(A, "WoA00001", 30, 0), Line(A, "WoA00002", 20, 5), Line(B, "WoB00001", 10, 10), Line(A, "WoA00003", 0, 0)],
            new Dictionary<TenantId, Credits> { [A] = new(55), [B] = new(7) });
        // A started at 100: -30 → 70, -20 +5 → 55, nothing → 55. B paid and got back 10: 7 throughout.
        Assert.Equal([70L, 55, 7, 55], lines.Select(l => l.BalanceAfter.Value));
    }

    [Fact]
    public void A_balance_pushed_past_64_bits_by_postings_from_elsewhere_never_fails_the_report()
    {
        var lines = RunningBalances.Assign([Line(A, "WoA00001", 10, 0), Line(A, "WoA00002", 10, 0)],
            new Dictionary<TenantId, Credits> { [A] = new(long.MaxValue) });
        Assert.Equal([long.MaxValue, long.MaxValue], lines.Select(l => l.BalanceAfter.Value));
    }
}
