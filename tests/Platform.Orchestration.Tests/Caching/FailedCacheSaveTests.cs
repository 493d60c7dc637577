using Microsoft.Extensions.Time.Testing;
using Platform.Orchestration.Caching;
using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.Tests.Artifacts;
using Platform.State.Stores.Leases;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Orchestration.Tests.Caching;

/// <summary>A cache the store will not take costs the cache only: the work order completes, the run goes on, one warning says why.</summary>
public sealed class FailedCacheSaveTests : IDisposable
{
    private readonly SampleOrder order = new();

    [Fact]
    public void A_cache_save_the_store_refuses_warns_once_and_the_work_order_still_completes_without_a_cache_entry()
    {
        var clock = new FakeTimeProvider(SampleOrder.Now);
        var root = order.Sample.PathOf(".platform/releases");
        var billing = new LocalReleaseStore(root);
        var backend = new ReleaseStoreBackend(billing, new FolderLease(billing.LeasePath, TimeSpan.FromSeconds(5)),
            new FolderLease(billing.RunLeasePath, TimeSpan.FromSeconds(5)), clock);
        var transaction = new StateTransaction(backend, order.State, SampleOrder.Templates, clock);
        SampleOrder.Topup(transaction, 100);
        // The same store for the caches, but every upload to it fails.
        var caches = new FlakyReleaseStore(root) { Otherwise = UploadBreak.Refused };
        var log = new List<string>();
        using var runner = new ModuleProcessRunner(clock, new Dictionary<string, string>());
        var orchestrator = new Orchestrator(order.Load().Repository, transaction, _ => new Dictionary<TenantId, string>(), runner,
            null, new ModuleCacheStore(caches), clock, log.Add);

        var outcome = Assert.Single(orchestrator.Run(new OrchestratorOptions(order.Sample.PathOf("runtime"), SampleOrder.Tenant, SampleOrder.Order)));

        Assert.Equal(WorkOrderStatus.Completed, outcome.Status);
        Assert.True(caches.Uploads > 0);
        var warning = Assert.Single(log, l => l.StartsWith("warning:", StringComparison.Ordinal));
        Assert.StartsWith("warning: cache of Ac7Kq2/U2T not saved", warning, StringComparison.Ordinal);
        Assert.Empty(File.ReadAllLines(order.State.PathOf(BillingTables.CacheIndex.FileName)).Skip(1));
        var run = File.ReadAllLines(order.State.PathOf(BillingTables.ModuleRunsLog.FileName)).Skip(1).Last();
        Assert.Contains(",COMPLETED,", run, StringComparison.Ordinal);
    }

    public void Dispose() => order.Dispose();
}
