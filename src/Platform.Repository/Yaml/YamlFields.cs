using Platform.Domain.Errors;
using Platform.Domain.Ids;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Repository.Yaml;

/// <summary>
/// Reads the fields of one YAML mapping into typed values. Nothing throws: every problem becomes a
/// violation naming the file, the line of the field, the field and its value, sent to the sink the
/// caller chose (errors for contracts, warnings for work order content). A bad field reads as its
/// fallback so one file can report all of its problems at once.
/// </summary>
public sealed class YamlFields
{
    private readonly YamlMappingNode node;
    private readonly string prefix;

    public YamlFields(YamlMappingNode node, string file, ICollection<Violation> sink, string prefix = "")
    {
        this.node = node;
        this.prefix = prefix;
        File = file;
        Sink = sink;
    }

    public string File { get; }

    public ICollection<Violation> Sink { get; }

    public long Line => node.Start.Line;

    /// <summary>The same mapping, reporting to another sink.</summary>
    public YamlFields ReportingTo(ICollection<Violation> sink) => new(node, File, sink, prefix);

    public string FieldName(string field) => prefix + field;

    /// <summary>
    /// The value of a field. A linear scan: mappings here hold a handful of keys, and it avoids the
    /// node hashing a keyed lookup in the representation model costs on every one of thousands of files.
    /// </summary>
    public YamlNode? Node(string field)
    {
        foreach (var (key, value) in node.Children)
        {
            if (key is YamlScalarNode { Value: var name } && name == field)
            {
                return value;
            }
        }
        return null;
    }

    public bool Has(string field) => Node(field) is not null and not YamlScalarNode { Style: ScalarStyle.Plain, Value: "" or "~" or "null" };

    public long LineOf(string field) => Node(field)?.Start.Line ?? Line;

    public void Report(string field, string? value, string message, YamlNode? at = null) =>
        Sink.Add(new Violation(File, at?.Start.Line ?? LineOf(field), FieldName(field), value, message));

    /// <summary>A scalar field as text; null when absent (reported when required).</summary>
    public string? Text(string field, bool required = false)
    {
        var value = Node(field);
        if (value is null || !Has(field))
        {
            if (required)
            {
                Report(field, null, "is required");
            }
            return null;
        }
        if (value is not YamlScalarNode scalar)
        {
            Report(field, value.ToString(), "must be a single value, not a list or mapping");
            return null;
        }
        return scalar.Value ?? "";
    }

    public bool Bool(string field, bool fallback)
    {
        var value = Node(field);
        if (value is null || !Has(field))
        {
            return fallback;
        }
        if (value is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && PlainValue.Resolve(scalar.Value ?? "") is bool flag)
        {
            return flag;
        }
        Report(field, Show(value), "must be true or false");
        return fallback;
    }

    public long Integer(string field, long fallback, long min, long max)
    {
        var value = Node(field);
        if (value is null || !Has(field))
        {
            return fallback;
        }
        if (value is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar && PlainValue.Resolve(scalar.Value ?? "") is long number)
        {
            if (number >= min && number <= max)
            {
                return number;
            }
            Report(field, scalar.Value, $"must be between {min} and {max}");
            return fallback;
        }
        Report(field, Show(value), "must be a whole number");
        return fallback;
    }

    public Id<TKind>? Id<TKind>(string field, bool required = true)
        where TKind : IIdKind
    {
        var text = Text(field, required);
        return text is null ? null : ParseId<TKind>(text, field, Node(field));
    }

    /// <summary>Checks one ID found at <paramref name="at"/>; reports and returns null when invalid.</summary>
    public Id<TKind>? ParseId<TKind>(string text, string field, YamlNode? at)
        where TKind : IIdKind
    {
        if (Platform.Domain.Ids.Id<TKind>.TryParse(text, out var id))
        {
            return id;
        }
        Report(field, text, $"invalid {TKind.Kind.Name}: {Base62.Problem(TKind.Kind, text)}", at);
        return null;
    }

    /// <summary>A list of scalars with the node of each; absent means empty.</summary>
    public IReadOnlyList<(string Text, YamlNode Node)> Texts(string field)
    {
        var value = Node(field);
        if (value is null || !Has(field))
        {
            return [];
        }
        if (value is not YamlSequenceNode sequence)
        {
            Report(field, Show(value), "must be a list");
            return [];
        }
        var result = new List<(string, YamlNode)>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            if (item is YamlScalarNode scalar)
            {
                result.Add((scalar.Value ?? "", item));
            }
            else
            {
                Report(field, item.ToString(), "must list single values", item);
            }
        }
        return result;
    }

    /// <summary>A list of mappings; absent means empty.</summary>
    public IReadOnlyList<YamlFields> Maps(string field)
    {
        var value = Node(field);
        if (value is null || !Has(field))
        {
            return [];
        }
        if (value is not YamlSequenceNode sequence)
        {
            Report(field, Show(value), "must be a list");
            return [];
        }
        var result = new List<YamlFields>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            var item = sequence.Children[i];
            if (item is YamlMappingNode mapping)
            {
                result.Add(new YamlFields(mapping, File, Sink, $"{FieldName(field)}[{i}]."));
            }
            else
            {
                Report(field, item.ToString(), "must list mappings", item);
            }
        }
        return result;
    }

    /// <summary>A nested mapping; null when absent.</summary>
    public YamlFields? Map(string field)
    {
        var value = Node(field);
        if (value is null || !Has(field))
        {
            return null;
        }
        if (value is not YamlMappingNode mapping)
        {
            Report(field, Show(value), "must be a mapping");
            return null;
        }
        return new YamlFields(mapping, File, Sink, FieldName(field) + ".");
    }

    /// <summary>A free-form mapping as plain values; absent means empty.</summary>
    public IReadOnlyDictionary<string, object?> PlainMap(string field)
    {
        var value = Node(field);
        if (value is null || !Has(field))
        {
            return new Dictionary<string, object?>();
        }
        if (value is not YamlMappingNode mapping)
        {
            Report(field, Show(value), "must be a mapping");
            return new Dictionary<string, object?>();
        }
        try
        {
            return PlainValue.OfMapping(mapping);
        }
        catch (InvalidDataException ex)
        {
            Report(field, null, ex.Message);
            return new Dictionary<string, object?>();
        }
    }

    /// <summary>The scalar entries of this mapping, as written, in file order.</summary>
    public IReadOnlyList<(string Key, string Value, long Line)> ScalarEntries()
    {
        var result = new List<(string, string, long)>();
        foreach (var (key, value) in node.Children)
        {
            if (value is YamlScalarNode scalar)
            {
                result.Add((PlainValue.KeyText(key), scalar.Value ?? "", value.Start.Line));
            }
        }
        return result;
    }

    private static string Show(YamlNode value) => value is YamlScalarNode scalar ? scalar.Value ?? "" : value.ToString();
}
