using System.Globalization;

namespace Platform.Repository.Yaml;

/// <summary>
/// Converts free-form YAML (work order inputs, a tenant's billing block) into plain .NET values that
/// serialize to JSON as the author meant: unquoted scalars resolve like YAML 1.2's core schema
/// (null, bool, integer, float), quoted ones stay strings; sequences become lists, mappings dictionaries.
/// </summary>
public static class PlainValue
{
    /// <summary>
    /// Bounds on one free-form value. YAML aliases let a few lines reference the same node many
    /// times; expanding them unbounded would turn a small file into gigabytes.
    /// </summary>
    public const int MaxNodes = 10_000;

    public const int MaxDepth = 32;

    public static object? Of(YamlValue node)
    {
        var budget = MaxNodes;
        return Of(node, ref budget, 0);
    }

    /// <exception cref="InvalidDataException">When the value exceeds <see cref="MaxNodes"/> or <see cref="MaxDepth"/>.</exception>
    public static IReadOnlyDictionary<string, object?> OfMapping(YamlMap mapping)
    {
        var budget = MaxNodes;
        return OfMapping(mapping, ref budget, 0);
    }

    private static object? Of(YamlValue node, ref int budget, int depth)
    {
        if (--budget < 0 || depth > MaxDepth)
        {
            throw new InvalidDataException($"holds more than {MaxNodes} values or nests deeper than {MaxDepth}");
        }
        switch (node)
        {
            case YamlScalar scalar:
                return scalar.IsPlain ? Resolve(scalar.Text) : scalar.Text;
            case YamlList sequence:
                var items = new object?[sequence.Items.Count];
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Of(sequence.Items[i], ref budget, depth + 1);
                }
                return items;
            case YamlMap mapping:
                return OfMapping(mapping, ref budget, depth + 1);
            default:
                return null;
        }
    }

    private static Dictionary<string, object?> OfMapping(YamlMap mapping, ref int budget, int depth)
    {
        var result = new Dictionary<string, object?>(mapping.Entries.Count, StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            result[KeyText(key)] = Of(value, ref budget, depth);
        }
        return result;
    }

    /// <summary>A mapping key as text; complex keys are shown as YAML would print them.</summary>
    public static string KeyText(YamlValue key) => key.ToString() ?? "";

    public static object? Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
        }
        if (LooksLikeInteger(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return whole;
        }
        if (LooksLikeFloat(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real))
        {
            return real;
        }
        return text;
    }

    private static bool LooksLikeInteger(string text)
    {
        var digits = text.AsSpan(text[0] is '-' or '+' ? 1 : 0);
        return !digits.IsEmpty && digits.Length <= 19 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static bool LooksLikeFloat(string text)
    {
        var body = text.AsSpan(text[0] is '-' or '+' ? 1 : 0);
        var sawDigit = false;
        var sawDot = false;
        var sawExponent = false;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (char.IsAsciiDigit(c))
            {
                sawDigit = true;
            }
            else if (c == '.' && !sawDot && !sawExponent)
            {
                sawDot = true;
            }
            else if (c is 'e' or 'E' && sawDigit && !sawExponent)
            {
                sawExponent = true;
                if (i + 1 < body.Length && body[i + 1] is '-' or '+')
                {
                    i++;
                }
                sawDigit = false;
            }
            else
            {
                return false;
            }
        }
        return sawDigit;
    }
}
