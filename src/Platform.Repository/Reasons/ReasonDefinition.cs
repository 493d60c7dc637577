namespace Platform.Repository.Reasons;

/// <summary>
/// One failure reason as declared in YAML. Its identity is (scope, module, slug); the 6-char
/// reason_code is assigned by maintenance and lives in maintenance-state/ids/reason_registry.csv.
/// </summary>
public sealed record ReasonDefinition(
    ReasonScope Scope,
    ModuleId? Module,
    ReasonKey Key,
    string Slug,
    string CategoryId,
    string Description,
    string File,
    long Line)
{
    /// <summary>The scope as written in CSV files: GLOBAL or MODULE.</summary>
    public string ScopeText => Scope == ReasonScope.Global ? "GLOBAL" : "MODULE";

    public string ModuleText => Module?.Value ?? "";
}
