using Platform.Domain;
using Platform.Domain.Ledger;
using Platform.Repository.Loading;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;
using Platform.State.Stores;
using Platform.State.Transactions;

namespace Platform.Orchestration.Tests;

/// <summary>
/// The sample repository (with its maintenance state) plus one work order of its own, tenant Ac7Kq2's
/// Qt000001 running U2T, that the money tests rewrite freely.
/// </summary>
internal sealed class SampleOrder : IDisposable
{
    public static readonly TenantId Tenant = TenantId.Parse("Ac7Kq2", "tenant_id");
    public static readonly WorkOrderId Order = WorkOrderId.Parse("Qt000001", "work_order_id");
    public static readonly DateTimeOffset Now = new(2026, 1, 4, 18, 37, 22, TimeSpan.Zero);

    public SampleOrder(string topic = "Tides", string promotions = "[]") => Write(topic, promotions);

    public SampleRepository Sample { get; } = new(withMaintenanceState: true);

    /// <summary>The billing state the tests' transactions work on.</summary>
    public StateDirectory State => new(Sample.PathOf(".billing-state"));

    /// <summary>The repository's headers-only billing-state templates.</summary>
    public static BootstrapTemplates Templates => new(Path.Combine(SampleRepository.SourceRoot(), "releases", "billing-state-v1"));

    public void Write(string topic, string promotions = "[]") =>
        Sample.Write($"tenants/{Tenant.Value}/workorders/{Order.Value}.yml",
            $"work_order_id: {Order.Value}\nenabled: true\nmode: PARTIAL_ALLOWED\nmodules:\n  - module_id: U2T\n    inputs: {{topic: {topic}}}\npromotions: {promotions}\n");

    /// <summary>The repository as it is on disk now, with the tenant and its work order.</summary>
    public (PlatformRepository Repository, Tenant Tenant, WorkOrder Order) Load()
    {
        var repository = RepositoryLoader.Load(Sample.Root).RequireValid();
        var tenant = repository.Tenants.Single(t => t.Id == Tenant);
        return (repository, tenant, tenant.WorkOrders.Single(o => o.Id == Order));
    }

    /// <summary>Gives the tenant credits, as an admin top-up would.</summary>
    public static void Topup(StateTransaction transaction, long credits) =>
        transaction.Run((_, change) => change.Post(new Posting(Tenant, TransactionType.Topup, "test-topup",
            [new PostingItem(null, Feature.AdminTopup, ItemType.Topup, new Credits(credits))])));

    public void Dispose() => Sample.Dispose();
}
