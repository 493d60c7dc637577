using System.Text.Json.Nodes;

namespace Platform.Reports.Reading;

/// <summary>A row's metadata_json as an object; rows of the earlier Python platform may hold none, or no object.</summary>
public static class MetadataJson
{
    public static JsonObject? Parse(string json)
    {
        try
        {
            return json.Length == 0 ? null : JsonNode.Parse(json) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    public static string? Text(JsonObject? metadata, string key) =>
        metadata?[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    public static long? Number(JsonObject? metadata, string key) =>
        metadata?[key] is JsonValue value && value.TryGetValue<long>(out var n) ? n : null;
}
