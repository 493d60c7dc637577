using System.Globalization;
using System.Text.Json.Nodes;

namespace Platform.Orchestration.Planning;

/// <summary>Turns the plain values read from YAML (scalars, lists, maps) into JSON for a module's request.</summary>
public static class PlainJson
{
    public static JsonObject Object(IReadOnlyDictionary<string, object?> values)
    {
        var obj = new JsonObject();
        foreach (var (key, value) in values)
        {
            obj[key] = Node(value);
        }
        return obj;
    }

    private static JsonNode? Node(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create(i),
        double d => JsonValue.Create(d),
        IReadOnlyDictionary<string, object?> map => Object(map),
        IDictionary<string, object?> map => Object(map.ToDictionary(p => p.Key, p => p.Value)),
        System.Collections.IEnumerable list => new JsonArray(list.Cast<object?>().Select(Node).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };
}
