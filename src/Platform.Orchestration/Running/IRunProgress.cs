namespace Platform.Orchestration.Running;

/// <summary>
/// What an orchestrator run tells a display while it works: how many work orders will run, which
/// modules start and end, which work orders have run. Called from the worker threads, so an
/// implementation must be thread-safe; it must also be quick, since a module waits on it.
/// </summary>
public interface IRunProgress
{
    /// <summary>The charge step is done: <paramref name="workOrders"/> work orders will run (resumed ones included).</summary>
    void Charged(int workOrders);

    void ModuleStarted(TenantId tenant, WorkOrderId workOrder, ModuleId module);

    void ModuleEnded(TenantId tenant, WorkOrderId workOrder, ModuleId module);

    /// <summary>Every module of the work order has ended (it is settled later, with its batch).</summary>
    void WorkOrderRan(TenantId tenant, WorkOrderId workOrder);
}

/// <summary>The progress of a run nobody watches.</summary>
public sealed class NoRunProgress : IRunProgress
{
    public static readonly NoRunProgress Instance = new();

    private NoRunProgress()
    {
    }

    public void Charged(int workOrders)
    {
    }

    public void ModuleStarted(TenantId tenant, WorkOrderId workOrder, ModuleId module)
    {
    }

    public void ModuleEnded(TenantId tenant, WorkOrderId workOrder, ModuleId module)
    {
    }

    public void WorkOrderRan(TenantId tenant, WorkOrderId workOrder)
    {
    }
}
