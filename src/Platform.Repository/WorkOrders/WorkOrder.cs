using Platform.Domain.Errors;

namespace Platform.Repository.WorkOrders;

/// <summary>
/// A work order from <c>tenants/&lt;tenant_id&gt;/workorders/&lt;work_order_id&gt;.yml</c>.
/// <see cref="Revision"/> is the lowercase hex sha256 of the file's raw bytes.
/// <see cref="Problems"/> lists content problems (unknown module, missing required input, dependency
/// not in the order, bad enabled/mode...): maintenance warns about them, the orchestrator fails this
/// one work order with <c>workorder_invalid</c>. Steps that could not be read are left out of
/// <see cref="Steps"/>, so an invalid order must never be run.
/// </summary>
public sealed record WorkOrder(
    TenantId TenantId,
    WorkOrderId Id,
    bool Enabled,
    WorkOrderMode Mode,
    WorkOrderMetadata Metadata,
    IReadOnlyList<WorkOrderStep> Steps,
    IReadOnlyList<string> Promotions,
    string File,
    string Revision,
    IReadOnlyList<Violation> Problems)
{
    public bool IsValid => Problems.Count == 0;

    public string ModeText => Mode == WorkOrderMode.AllOrNothing ? "ALL_OR_NOTHING" : "PARTIAL_ALLOWED";
}
