using Platform.Domain;

namespace Platform.Orchestration.Pricing;

/// <summary>
/// What one module of a work order costs: its run, and saving its artifacts to a release when they
/// were purchased and are allowed. <see cref="ArtifactsBlockedBy"/> names the reason slug that kept
/// a purchase from being charged (module or platform), or is null.
/// </summary>
public sealed record StepPrice(ModuleId Module, Credits Run, Credits SaveToRelease, bool PublishArtifacts, string? ArtifactsBlockedBy)
{
    public Credits Total => Run + SaveToRelease;
}
