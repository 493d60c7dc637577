using Platform.Domain.Errors;
using Platform.Domain.Ids;

namespace Platform.Repository.Yaml;

/// <summary>
/// Reads the fields of one YAML mapping into typed values. Nothing throws: every problem becomes a
/// violation naming the file, the line of the field, the field and its value, sent to the sink the
/// caller chose (errors for contracts, warnings for work order content). A bad field reads as its
/// fallback so one file can report all of its problems at once.
/// </summary>
public sealed class YamlFields
{
    private readonly YamlMap node;

    // A nested mapping's field prefix ("modules[2].") is built only when a violation needs it:
    // most files have none, and thousands of work orders would otherwise build it for every entry.
    private readonly YamlFields? parent;
    private readonly string? parentField;
    private readonly int index;
    private string? prefix;

    public YamlFields(YamlMap node, string file, ICollection<Violation> sink, string prefix = "")
    {
        this.node = node;
        this.prefix = prefix;
        File = file;
        Sink = sink;
    }

    /// <summary>The mapping under <paramref name="field"/> of <paramref name="parent"/>, or its item <paramref name="index"/> when that field is a list.</summary>
    private YamlFields(YamlMap node, YamlFields parent, string field, int index, ICollection<Violation> sink)
    {
        this.node = node;
        this.parent = parent;
        parentField = field;
        this.index = index;
        File = parent.File;
        Sink = sink;
    }

    private string Prefix => prefix ??= index < 0 ? $"{parent!.FieldName(parentField!)}." : $"{parent!.FieldName(parentField!)}[{index}].";

    public string File { get; }

    public ICollection<Violation> Sink { get; }

    public long Line => node.Line;

    /// <summary>The same mapping, reporting to another sink.</summary>
    public YamlFields ReportingTo(ICollection<Violation> sink) =>
        parent is null ? new(node, File, sink, Prefix) : new(node, parent, parentField!, index, sink);

    public string FieldName(string field) => Prefix + field;

    /// <summary>The value of a field, or null when absent.</summary>
    public YamlValue? Node(string field) => node.Find(field);

    public bool Has(string field) => !IsAbsent(Node(field));

    /// <summary>Missing, or written as nothing, <c>~</c> or <c>null</c>.</summary>
    private static bool IsAbsent([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] YamlValue? value) => value is null or YamlScalar { IsEmpty: true };

    public long LineOf(string field) => Node(field)?.Line ?? Line;

    public void Report(string field, string? value, string message, YamlValue? at = null) =>
        Sink.Add(new Violation(File, at?.Line ?? LineOf(field), FieldName(field), value, message));

    /// <summary>A scalar field as text; null when absent (reported when required).</summary>
    public string? Text(string field, bool required = false)
    {
        var value = Node(field);
        if (IsAbsent(value))
        {
            if (required)
            {
                Report(field, null, "is required");
            }
            return null;
        }
        if (value is not YamlScalar scalar)
        {
            Report(field, value.ToString(), "must be a single value, not a list or mapping");
            return null;
        }
        return scalar.Text;
    }

    public bool Bool(string field, bool fallback)
    {
        var value = Node(field);
        if (IsAbsent(value))
        {
            return fallback;
        }
        if (value is YamlScalar { IsPlain: true } scalar && PlainValue.Resolve(scalar.Text) is bool flag)
        {
            return flag;
        }
        Report(field, Show(value), "must be true or false");
        return fallback;
    }

    public long Integer(string field, long fallback, long min, long max)
    {
        var value = Node(field);
        if (IsAbsent(value))
        {
            return fallback;
        }
        if (value is YamlScalar { IsPlain: true } scalar && PlainValue.Resolve(scalar.Text) is long number)
        {
            if (number >= min && number <= max)
            {
                return number;
            }
            Report(field, scalar.Text, $"must be between {min} and {max}");
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
    public Id<TKind>? ParseId<TKind>(string text, string field, YamlValue? at)
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
    public IReadOnlyList<(string Text, YamlValue Node)> Texts(string field)
    {
        var value = Node(field);
        if (IsAbsent(value))
        {
            return [];
        }
        if (value is not YamlList sequence)
        {
            Report(field, Show(value), "must be a list");
            return [];
        }
        var result = new List<(string, YamlValue)>(sequence.Items.Count);
        foreach (var item in sequence.Items)
        {
            if (item is YamlScalar scalar)
            {
                result.Add((scalar.Text, item));
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
        if (IsAbsent(value))
        {
            return [];
        }
        if (value is not YamlList sequence)
        {
            Report(field, Show(value), "must be a list");
            return [];
        }
        var result = new List<YamlFields>(sequence.Items.Count);
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            var item = sequence.Items[i];
            if (item is YamlMap mapping)
            {
                result.Add(new YamlFields(mapping, this, field, i, Sink));
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
        if (IsAbsent(value))
        {
            return null;
        }
        if (value is not YamlMap mapping)
        {
            Report(field, Show(value), "must be a mapping");
            return null;
        }
        return new YamlFields(mapping, this, field, -1, Sink);
    }

    /// <summary>A free-form mapping as plain values; absent means empty.</summary>
    public IReadOnlyDictionary<string, object?> PlainMap(string field)
    {
        var value = Node(field);
        if (IsAbsent(value))
        {
            return new Dictionary<string, object?>();
        }
        if (value is not YamlMap mapping)
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
        foreach (var (key, value) in node.Entries)
        {
            if (value is YamlScalar scalar)
            {
                result.Add((PlainValue.KeyText(key), scalar.Text, value.Line));
            }
        }
        return result;
    }

    private static string Show(YamlValue value) => value.ToString() ?? "";
}
