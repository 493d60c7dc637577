namespace Platform.Maintenance.Reasons;

/// <summary>One row of ids/reason_registry.csv. <see cref="Current"/> is false for reasons no YAML declares any more: their codes stay reserved.</summary>
public sealed record RegistryEntry(
    string ReasonCode,
    string Scope,
    string ModuleId,
    string ReasonKey,
    string ReasonSlug,
    string CategoryId,
    string Description,
    bool Current)
{
    public (string, string, string) Identity => (Scope, ModuleId, ReasonSlug);

    public string[] Fields => [ReasonCode, Scope, ModuleId, ReasonKey, ReasonSlug, CategoryId, Description];
}
