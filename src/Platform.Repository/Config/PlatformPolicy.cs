namespace Platform.Repository.Config;

/// <summary>
/// config/platform_policy.yml: the typed settings the platform acts on, plus every scalar entry for
/// maintenance-state/platform_policy.csv. A missing file means the defaults.
/// </summary>
public sealed record PlatformPolicy(bool PlatformArtifactsEnabledDefault, IReadOnlyList<PolicyEntry> Entries)
{
    public const string ArtifactsEnabledKey = "platform_artifacts_enabled_default";

    public static readonly PlatformPolicy Default = new(true, [new(ArtifactsEnabledKey, "true")]);
}
