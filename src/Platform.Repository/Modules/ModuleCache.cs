namespace Platform.Repository.Modules;

/// <summary>Whether a module's outputs may be cached, for how long by default, and which inputs form the cache key.</summary>
public sealed record ModuleCache(bool Enabled, Retention RetentionDefault, IReadOnlyList<string> KeyInputs)
{
    public static readonly ModuleCache Disabled = new(false, Retention.OneWeek, []);
}
