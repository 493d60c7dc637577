using Platform.Repository.Yaml;

namespace Platform.Repository.Config;

/// <summary>Reads config/platform_policy.yml; a non-boolean artifacts switch is an error.</summary>
public static class PlatformPolicyParser
{
    public static PlatformPolicy Parse(YamlFields yaml)
    {
        var enabled = yaml.Bool(PlatformPolicy.ArtifactsEnabledKey, PlatformPolicy.Default.PlatformArtifactsEnabledDefault);
        var entries = yaml.ScalarEntries()
            .Where(e => e.Key != PlatformPolicy.ArtifactsEnabledKey)
            .Select(e => new PolicyEntry(e.Key, e.Value))
            .Append(new PolicyEntry(PlatformPolicy.ArtifactsEnabledKey, enabled ? "true" : "false"))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToArray();
        return new PlatformPolicy(enabled, entries);
    }
}
