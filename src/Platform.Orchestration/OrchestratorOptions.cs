namespace Platform.Orchestration;

/// <summary>How one orchestrator run is scoped: <c>--runtime-dir</c>, <c>--tenant</c>, <c>--work-order</c>, <c>--rerun</c>, <c>--dry-run</c>.</summary>
public sealed record OrchestratorOptions(
    string RuntimeDir,
    TenantId? Tenant = null,
    WorkOrderId? WorkOrder = null,
    bool Rerun = false,
    bool DryRun = false,
    int Parallelism = 4,
    int SettleBatchSize = 250);
