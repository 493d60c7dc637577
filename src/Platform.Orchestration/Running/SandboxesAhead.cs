using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.Planning;

namespace Platform.Orchestration.Running;

/// <summary>
/// Work orders run tenant by tenant: before each one, the sandboxes of the next tenants are started
/// (each takes ~50 ms), so their runs do not wait for them. Nothing without sandboxes.
/// </summary>
internal sealed class SandboxesAhead
{
    /// <summary>Tenants whose sandboxes are started ahead of their work orders.</summary>
    private const int Ahead = 2;

    private readonly ModuleProcessRunner runner;
    private readonly string runtimeDir;
    private readonly string modulesFolder;
    private readonly List<TenantId> tenants;
    private readonly Dictionary<TenantId, int> position;

    public SandboxesAhead(ModuleProcessRunner runner, string runtimeDir, string modulesFolder, IReadOnlyList<ChargedWorkOrder> work)
    {
        (this.runner, this.runtimeDir, this.modulesFolder) = (runner, runtimeDir, modulesFolder);
        tenants = work.Select(w => w.Tenant.Id).Distinct().ToList();
        position = tenants.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i);
        PrepareFrom(0);
    }

    /// <summary>Prepares the tenants after this work order's, then runs it.</summary>
    public T Before<T>(ChargedWorkOrder work, Func<T> run)
    {
        PrepareFrom(position[work.Tenant.Id] + 1);
        return run();
    }

    private void PrepareFrom(int first)
    {
        foreach (var tenant in tenants.Skip(first).Take(Ahead))
        {
            runner.Prepare(runtimeDir, tenant, modulesFolder);
        }
    }
}
