using System.Text.Json.Nodes;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Everything the runner needs to start one module run. The orchestrator fills it from module.yml,
/// validation.yml and the work order; the runner never reads YAML itself.
/// </summary>
/// <param name="ModuleId">The module being run; also the prefix of its secrets in the platform environment.</param>
/// <param name="ModuleDirectory">The module folder: the working directory, and the base for a <c>command[0]</c> containing '/'.</param>
/// <param name="Command">run.command: program and arguments, started without a shell.</param>
/// <param name="Timeout">run.timeout_seconds: after this the whole process tree is killed.</param>
/// <param name="SecretKeys">Keys of the module's <c>type: secret</c> requirements.</param>
/// <param name="ReasonSlugs">The module's own reason slugs (validation.yml): the only slugs a FAILED result may name. Add GLOBAL slugs here only if modules may report them.</param>
/// <param name="Inputs">The work order's inputs for this module, copied verbatim into the request file (the runner only reads it).</param>
/// <param name="Upstream">Outputs folder of each dependency, by module ID.</param>
/// <param name="RuntimeDirectory">The orchestrator's runtime dir; run folders live under its <c>runs/</c>.</param>
/// <param name="Network">module.yml <c>network: true</c>: the run's sandbox keeps the network.</param>
/// <param name="Worker">module.yml <c>run.protocol: worker</c>: the run is one request to the module's persistent worker (docs/module-workers.md).</param>
public sealed record ModuleLaunch(
    ModuleId ModuleId,
    string ModuleDirectory,
    IReadOnlyList<string> Command,
    TimeSpan Timeout,
    IReadOnlyList<string> SecretKeys,
    IReadOnlySet<string> ReasonSlugs,
    TenantId TenantId,
    WorkOrderId WorkOrderId,
    ModuleRunId ModuleRunId,
    JsonObject Inputs,
    IReadOnlyDictionary<ModuleId, string> Upstream,
    string RuntimeDirectory,
    bool Network = false,
    bool Worker = false);
