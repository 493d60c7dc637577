using Platform.Domain;

namespace Platform.Orchestration;

/// <summary>One line of the orchestrator's report: what happened to a work order and to the tenant's credits.</summary>
public sealed record WorkOrderOutcome(TenantId Tenant, WorkOrderId WorkOrder, WorkOrderStatus Status, string? Reason, Credits Charged, Credits Refunded, Credits BalanceAfter, string Note);
