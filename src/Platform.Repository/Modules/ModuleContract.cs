using Platform.Repository.Reasons;

namespace Platform.Repository.Modules;

/// <summary>
/// A module as declared by <c>modules/&lt;module_id&gt;/module.yml</c>, with its own failure reasons
/// from <c>validation.yml</c>. <see cref="Folder"/> is the module folder relative to the repository root.
/// </summary>
public sealed record ModuleContract(
    ModuleId Id,
    string Name,
    string Version,
    string Description,
    IReadOnlyList<ModuleId> DependsOn,
    bool SupportsDownloadableArtifacts,
    IReadOnlyList<ModuleInput> Inputs,
    IReadOnlyList<ModuleOutput> Outputs,
    ModuleCache Cache,
    IReadOnlyList<ModuleRequirement> Requirements,
    ModuleRunCommand Run,
    IReadOnlyList<ReasonDefinition> Reasons,
    string Folder,
    bool Network = false)
{
    public IEnumerable<ModuleInput> RequiredInputs => Inputs.Where(i => i.Required);

    public ReasonDefinition? FindReason(string slug) => Reasons.FirstOrDefault(r => r.Slug == slug);
}
