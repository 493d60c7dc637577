using Platform.Domain.Errors;

namespace Platform.Orchestration;

/// <summary>How one orchestrator run is scoped: <c>--runtime-dir</c>, <c>--tenant</c>, <c>--work-order</c>, <c>--rerun</c>, <c>--dry-run</c>.</summary>
public sealed record OrchestratorOptions(
    string RuntimeDir,
    TenantId? Tenant = null,
    WorkOrderId? WorkOrder = null,
    bool Rerun = false,
    bool DryRun = false,
    int Parallelism = 4,
    int SettleBatchSize = 250)
{
    /// <summary>These options, once every rule holds (else an <see cref="ArgumentException"/> naming the broken one).</summary>
    public OrchestratorOptions Validated()
    {
        OptionRules.Require(!string.IsNullOrWhiteSpace(RuntimeDir), nameof(RuntimeDir), RuntimeDir, "must name a folder");
        OptionRules.Positive(Parallelism, nameof(Parallelism));
        OptionRules.Positive(SettleBatchSize, nameof(SettleBatchSize));
        return this;
    }
}
