using Platform.Domain;

namespace Platform.Orchestration;

/// <summary>One line of the orchestrator's report: what happened to a work order and to the tenant's credits.</summary>
public sealed record WorkOrderOutcome(TenantId Tenant, WorkOrderId WorkOrder, WorkOrderStatus Status, string? Reason, Credits Charged, Credits Refunded, Credits BalanceAfter, string Note)
{
    /// <summary>How each module ended, for a work order whose modules ran (empty when it failed before charging).</summary>
    public IReadOnlyList<ModuleOutcome> Modules { get; init; } = [];
}

/// <summary>How one module of a settled work order ended, with its reason slug and the credits refunded for it.</summary>
public sealed record ModuleOutcome(ModuleId Module, StepStatus Status, string? Reason, Credits Refunded);
