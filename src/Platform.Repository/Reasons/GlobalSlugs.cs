namespace Platform.Repository.Reasons;

/// <summary>The GLOBAL reason slugs the platform itself raises; maintenance appends any that config/global_reasons.yml lacks.</summary>
public static class GlobalSlugs
{
    public const string NotEnoughCredits = "not_enough_credits";
    public const string TenantSuspended = "tenant_suspended";
    public const string WorkOrderInvalid = "workorder_invalid";
    public const string UnauthorizedReleaseAccess = "unauthorized_release_access";
    public const string InternalError = "internal_error";
    public const string ModuleFailed = "module_failed";
    public const string ModuleTimeout = "module_timeout";
    public const string ModuleNotExecuted = "module_not_executed";
    public const string SkippedCache = "skipped_cache";
    public const string ArtifactsNotAllowedByModule = "artifacts_download_not_allowed_by_module";
    public const string ArtifactsNotAllowedByPlatform = "artifacts_download_not_allowed_by_platform";
    public const string SecretMissing = "secret_missing";

    public static IReadOnlyList<string> Required { get; } =
    [
        NotEnoughCredits, TenantSuspended, WorkOrderInvalid, UnauthorizedReleaseAccess, InternalError,
        ModuleFailed, ModuleTimeout, ModuleNotExecuted, SkippedCache,
        ArtifactsNotAllowedByModule, ArtifactsNotAllowedByPlatform, SecretMissing,
    ];

    /// <summary>GLOBAL reasons refundable by default (reason_policy.csv): the operator's mistake, not the tenant's.</summary>
    public static IReadOnlyList<string> RefundableByDefault { get; } = [SecretMissing];
}
