using Microsoft.Extensions.Time.Testing;
using Platform.Domain;
using Platform.Orchestration.Planning;
using Platform.Orchestration.Pricing;
using Platform.State.Stores;
using Platform.State.Tables;
using Platform.State.Tables.Rows;
using Platform.State.Transactions;

namespace Platform.Orchestration.Tests.Planning;

/// <summary>The charge transaction in process: refuse, charge, resume after a dead run, close an abandoned attempt.</summary>
public sealed class WorkOrderChargerTests : IDisposable
{
    private static readonly TenantId Tenant = SampleOrder.Tenant;
    private readonly SampleOrder order = new();
    private readonly FakeTimeProvider clock = new(SampleOrder.Now);
    private readonly StateTransaction transaction;

    public WorkOrderChargerTests()
    {
        transaction = new StateTransaction(new NoStore(clock), order.State, SampleOrder.Templates, clock);
    }

    [Fact]
    public void A_tenant_without_enough_credits_is_refused_once_and_nothing_is_posted()
    {
        var first = Charge();
        var second = Charge();

        var outcome = Assert.Single(first.Outcomes);
        Assert.Equal((WorkOrderStatus.Failed, "not_enough_credits"), (outcome.Status, outcome.Reason));
        Assert.Empty(first.ToRun);
        Assert.Empty(second.ToRun);
        Assert.Equal(0, Balance());
        Assert.Single(LogRows(), r => r.Status == "FAILED");
    }

    [Fact]
    public void A_charge_a_dead_run_left_running_is_resumed_without_a_second_spend()
    {
        Topup(100);
        var charged = Assert.Single(Charge().ToRun);

        var resumed = Assert.Single(Charge().ToRun);

        Assert.False(charged.Resumed);
        Assert.True(resumed.Resumed);
        Assert.Equal(charged.Attempt, resumed.Attempt);
        Assert.Equal(charged.ReleaseIds, resumed.ReleaseIds);
        Assert.Equal(100 - charged.Quote.Net.Value, Balance());
    }

    [Fact]
    public void An_attempt_whose_work_order_changed_is_refunded_in_full_and_a_new_one_charged()
    {
        Topup(100);
        var first = Assert.Single(Charge().ToRun);
        order.Write("Tides, edited");

        var (toRun, outcomes) = Charge();

        var closed = Assert.Single(outcomes);
        Assert.Equal((WorkOrderStatus.Failed, "module_not_executed"), (closed.Status, closed.Reason));
        Assert.Equal(first.Quote.Net, closed.Refunded);
        var second = Assert.Single(toRun);
        Assert.NotEqual(first.Order.Revision, second.Order.Revision);
        Assert.Equal(1, second.Attempt);   // attempts count per revision
        Assert.Equal(100 - second.Quote.Net.Value, Balance());
    }

    public void Dispose() => order.Dispose();

    private (List<ChargedWorkOrder> ToRun, List<WorkOrderOutcome> Outcomes) Charge()
    {
        var (repository, _, _) = order.Load();
        var reasons = ReasonBook.Load(order.Sample.Root);
        var charger = new WorkOrderCharger(repository, reasons, new Quoter(repository, clock.GetUtcNow(), storeAllowsArtifacts: false),
            new OrchestratorOptions("runtime", Tenant, SampleOrder.Order), new AbandonedAttempts(reasons), new Dictionary<string, string>());
        return transaction.Run((state, change) => charger.Charge(state, change, new Dictionary<TenantId, string>()));
    }

    private void Topup(long credits) => SampleOrder.Topup(transaction, credits);

    private long Balance() => transaction.Run((_, change) => change.BalanceOf(Tenant)).Value;

    private IEnumerable<WorkOrderLogRow> LogRows() =>
        Platform.Files.Csv.CsvFormat.ReadAll(File.ReadAllText(order.Sample.PathOf(".billing-state/" + BillingTables.WorkOrdersLog.FileName))).Skip(1)
            .Select(WorkOrderLogRow.Read).Where(r => r.WorkOrderId == SampleOrder.Order.Value);
}
