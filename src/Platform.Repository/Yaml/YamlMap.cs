namespace Platform.Repository.Yaml;

/// <summary>A mapping in file order. Keys are unique (both readers refuse a key given twice).</summary>
public sealed class YamlMap(IReadOnlyList<KeyValuePair<YamlValue, YamlValue>> entries, long line) : YamlValue(line)
{
    public IReadOnlyList<KeyValuePair<YamlValue, YamlValue>> Entries { get; } = entries;

    /// <summary>
    /// The value of a scalar key. A linear scan: mappings here hold a handful of keys, fewer than
    /// a dictionary would pay for on every one of thousands of files.
    /// </summary>
    public YamlValue? Find(string key)
    {
        foreach (var (name, value) in Entries)
        {
            if (name is YamlScalar scalar && scalar.Text == key)
            {
                return value;
            }
        }
        return null;
    }

    public override string ToString() => $"{{ {string.Join(", ", Entries.Select(e => $"{{ {e.Key}, {e.Value} }}"))} }}";
}
