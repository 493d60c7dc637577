namespace Platform.Repository.Reasons;

/// <summary>Where a reason is declared: platform-wide (config/global_reasons.yml) or by one module.</summary>
public enum ReasonScope
{
    Global,
    Module,
}
