using Platform.Orchestration.Pricing;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;
using Platform.Domain.Ledger;

namespace Platform.Orchestration.Planning;

/// <summary>
/// A work order whose charge is committed (or was committed by a run that died) and whose modules
/// now run: its attempt number, what each module was charged, and the IDs its runs and release will use.
/// </summary>
public sealed record ChargedWorkOrder(
    Tenant Tenant,
    WorkOrder Order,
    int Attempt,
    Quote Quote,
    IReadOnlyList<WorkOrderStep> Steps,
    IReadOnlyDictionary<ModuleId, ModuleRunId> RunIds,
    IReadOnlyDictionary<ModuleId, ReleaseAssetId> ReleaseIds,
    bool Resumed)
{
    public string Key => LedgerKeys.Attempt(Tenant.Id, Order.Id, Order.Revision, Attempt);
}
