namespace Platform.Repository.Config;

/// <summary>One scalar setting of config/platform_policy.yml, as written.</summary>
public sealed record PolicyEntry(string Key, string Value);
