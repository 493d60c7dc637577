using System.Globalization;
using Platform.EndToEnd.Tests.Support;

namespace Platform.Dashboard.Tests;

/// <summary>
/// A state made by the real CLI over four days: top-ups, a work order with a discount whose second
/// module fails for a refundable reason, a completed work order, a positive and a negative
/// adjustment. <see cref="Dashboard"/> runs <c>platform dashboard</c> on it under a frozen clock.
/// </summary>
public sealed class DashboardState : IDisposable
{
    public const string Now = "2026-01-05T12:00:00Z";

    private readonly TempFolder output = new();

    public DashboardState()
    {
        Repo.AddModule("Aaa");
        Repo.AddModule("Ccc");
        Repo.AddTenant("Tnt001");
        Repo.AddTenant("Tnt002");
        Repo.AddTenant("Tnt003");
        Repo.WriteWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", true, ["WELCOME10"], [("Aaa", "act: ok", false), ("Ccc", "act: fail", false)]);
        Repo.AddWorkOrder("Tnt002", "Wo000002", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        Repo.Maintain();
        At("2026-01-02T09:00:00Z");
        Repo.Topup("Tnt001", 100);
        Repo.Topup("Tnt002", 60);
        At("2026-01-03T10:00:00Z");
        Assert.Equal("PARTIAL", Repo.Orchestrate().StatusOf("Wo000001"));
        At("2026-01-04T11:00:00Z");
        Adjust("Tnt001", "+15", "fix-1");
        Adjust("Tnt002", "-5", "fix-2");
        At(Now);
    }

    public OrchestratorRepo Repo { get; } = new();

    public string Output => output.Path;

    public CliResult Dashboard(string folder, params string[] extra) => Repo.Run(["dashboard", "--out", folder, "--days", "7", .. extra]);

    /// <summary>Each tenant's balance as the sum of its rows in transactions.csv.</summary>
    public Dictionary<string, long> LedgerBalances() =>
        Repo.Rows("transactions.csv").GroupBy(r => r["tenant_id"]).ToDictionary(g => g.Key, g => g.Sum(r => Amount(r["amount_credits"])));

    /// <summary>Credits spent per day from transaction_items.csv: charges and discounts (not adjustments), negated.</summary>
    public Dictionary<string, long> SpentPerDay() => ItemsPerDay(r => r["type"] is "SPEND" or "DISCOUNT" && r["feature"] != "ADJUSTMENT", -1);

    public Dictionary<string, long> RefundedPerDay() => ItemsPerDay(r => r["type"] == "REFUND", 1);

    private Dictionary<string, long> ItemsPerDay(Func<Platform.Files.Tables.RowView, bool> which, int sign) =>
        Repo.Rows("transaction_items.csv").Where(which).GroupBy(r => r["created_at"][..10])
            .ToDictionary(g => g.Key, g => sign * g.Sum(r => Amount(r["amount_credits"])));

    /// <summary>Per module, credits charged (SPEND items, negated) and refunded (REFUND items), from transaction_items.csv.</summary>
    public Dictionary<string, (long Charged, long Refunded)> ModuleCharges() =>
        Repo.Rows("transaction_items.csv").Where(r => r["module_id"].Length > 0).GroupBy(r => r["module_id"]).ToDictionary(g => g.Key,
            g => (-g.Where(r => r["type"] == "SPEND").Sum(r => Amount(r["amount_credits"])), g.Where(r => r["type"] == "REFUND").Sum(r => Amount(r["amount_credits"]))));

    /// <summary>Work orders by final status: the rows of workorders_log.csv that are not RUNNING.</summary>
    public Dictionary<string, long> FinalStatuses() =>
        Repo.Rows("workorders_log.csv").Where(r => r["status"] != "RUNNING").GroupBy(r => r["status"]).ToDictionary(g => g.Key, g => (long)g.Count());

    public static long Amount(string text) => long.Parse(text, CultureInfo.InvariantCulture);

    private void At(string now) => Repo.Environment["PLATFORM_NOW"] = now;

    private void Adjust(string tenant, string amount, string reference)
    {
        var result = Repo.Run("admin-adjust", "--tenant-id", tenant, "--amount-credits", amount, "--reason-slug", "internal_error", "--reference", reference, "--note", "goodwill");
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    public void Dispose()
    {
        Repo.Dispose();
        output.Dispose();
    }
}
