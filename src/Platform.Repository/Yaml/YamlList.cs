namespace Platform.Repository.Yaml;

/// <summary>A sequence, block or flow.</summary>
public sealed class YamlList(IReadOnlyList<YamlValue> items, long line) : YamlValue(line)
{
    public IReadOnlyList<YamlValue> Items { get; } = items;

    public override string ToString() => $"[ {string.Join(", ", Items)} ]";
}
