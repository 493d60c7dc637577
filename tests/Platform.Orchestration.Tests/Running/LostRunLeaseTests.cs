using Microsoft.Extensions.Time.Testing;
using Platform.Domain.Errors;
using Platform.Orchestration.ModuleRunner;
using Platform.State.Stores.Leases;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Orchestration.Tests.Running;

/// <summary>An orchestrator whose run lease is broken by another holder stops: it settles nothing and never charges twice.</summary>
public sealed class LostRunLeaseTests : IDisposable
{
    private readonly SampleOrder order = new();

    [Fact]
    public void A_run_that_lost_its_lease_stops_with_a_state_conflict_and_leaves_its_charge_to_be_resumed()
    {
        var clock = new FakeTimeProvider(SampleOrder.Now);
        var store = new LocalReleaseStore(order.Sample.PathOf(".platform/releases"));
        var backend = new ReleaseStoreBackend(store, new FolderLease(store.LeasePath, TimeSpan.FromSeconds(5)), new BrokenLease(), clock);
        var directory = order.State;
        var transaction = new StateTransaction(backend, directory, SampleOrder.Templates, clock);
        SampleOrder.Topup(transaction, 100);
        using var runner = new ModuleProcessRunner(clock, new Dictionary<string, string>());
        var orchestrator = new Orchestrator(order.Load().Repository, transaction, _ => new Dictionary<TenantId, string>(), runner, null, null, clock, _ => { });

        var error = Assert.Throws<PlatformException>(() => orchestrator.Run(new OrchestratorOptions(order.Sample.PathOf("runtime"), SampleOrder.Tenant, SampleOrder.Order)));

        Assert.Equal(ExitCode.StateConflict, error.ExitCode);
        Assert.Contains("lost its run lease", error.Message, StringComparison.Ordinal);
        var log = File.ReadAllLines(directory.PathOf(BillingTables.WorkOrdersLog.FileName)).Where(l => l.StartsWith(SampleOrder.Order.Value, StringComparison.Ordinal));
        Assert.Contains(",RUNNING,", Assert.Single(log), StringComparison.Ordinal);
        Assert.Empty(File.ReadAllLines(directory.PathOf(BillingTables.ModuleRunsLog.FileName)).Skip(1));
    }

    public void Dispose() => order.Dispose();

    /// <summary>A run lease another orchestrator broke as soon as it was taken.</summary>
    private sealed class BrokenLease : IStoreLease, IHeldLease
    {
        public CancellationToken Lost { get; } = new(canceled: true);

        public IHeldLease Acquire() => this;

        public void Dispose()
        {
        }
    }
}
