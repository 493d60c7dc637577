using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Tests.Shared;

/// <summary>One request as the stand-in sees it, read whole: method, unescaped path segments, query, headers, body.</summary>
internal sealed class StandInRequest
{
    public StandInRequest(string method, string rawUrl, IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        Method = method.ToUpperInvariant();
        Headers = headers;
        Body = body;
        var question = rawUrl.IndexOf('?', StringComparison.Ordinal);
        var path = (question < 0 ? rawUrl : rawUrl[..question]).Trim('/');
        Segments = path.Length == 0 ? [] : path.Split('/').Select(Uri.UnescapeDataString).ToArray();
        Query = ParseQuery(question < 0 ? "" : rawUrl[(question + 1)..]);
    }

    public string Method { get; }

    public IReadOnlyList<string> Segments { get; }

    public IReadOnlyDictionary<string, string> Query { get; }

    public IReadOnlyDictionary<string, string> Headers { get; }

    public byte[] Body { get; }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public bool Accepts(string mediaType) => Header("Accept")?.Contains(mediaType, StringComparison.OrdinalIgnoreCase) ?? false;

    /// <summary>The body as a JSON object; GitHub answers 400 "Problems parsing JSON" otherwise.</summary>
    public JsonObject Json()
    {
        try
        {
            return JsonNode.Parse(Body) as JsonObject ?? throw GitHubError.BadJson();
        }
        catch (JsonException)
        {
            throw GitHubError.BadJson();
        }
    }

    private static Dictionary<string, string> ParseQuery(string query)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
            values[Decode(equals < 0 ? pair : pair[..equals])] = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
        }
        return values;
    }
}

/// <summary>An answer to write: status, headers, body bytes; or, for a fault, a connection closed without one.</summary>
internal sealed record StandInAnswer(int Status, byte[] Body, string? ContentType, IReadOnlyList<(string Name, string Value)> Headers)
{
    public const string JsonType = "application/json; charset=utf-8";

    public static readonly StandInAnswer Dropped = new(0, [], null, []) { Drop = true };

    /// <summary>True for a fault that closes the connection without answering.</summary>
    public bool Drop { get; private init; }

    /// <summary>Whether the stand-in injected this answer as a fault.</summary>
    public bool Faulted { get; init; }

    public static StandInAnswer Json(int status, byte[] utf8Json, params (string Name, string Value)[] headers) => new(status, utf8Json, JsonType, headers);

    public static StandInAnswer Json(int status, JsonNode body, params (string Name, string Value)[] headers) =>
        Json(status, Encoding.UTF8.GetBytes(body.ToJsonString()), headers);

    public static StandInAnswer Empty(int status, params (string Name, string Value)[] headers) => new(status, [], null, headers);

    public static StandInAnswer Bytes(int status, byte[] body, string contentType, params (string Name, string Value)[] headers) => new(status, body, contentType, headers);

    public StandInAnswer WithHeaders(IEnumerable<(string Name, string Value)> more) => this with { Headers = [.. Headers, .. more] };
}

/// <summary>A refusal GitHub would answer with; thrown from deep inside a handler and written by the pipeline.</summary>
internal sealed class GitHubError(int status, JsonObject body, params (string Name, string Value)[] headers) : Exception(body.ToJsonString())
{
    private const string Docs = "https://docs.github.com/rest";

    public StandInAnswer Answer { get; } = StandInAnswer.Json(status, body, headers);

    public static GitHubError NotFound(string? docs = null) => Of(404, "Not Found", docs);

    public static GitHubError BadJson() => Of(400, "Problems parsing JSON");

    public static GitHubError Of(int status, string message, string? docs = null) =>
        new(status, new JsonObject { ["message"] = message, ["documentation_url"] = docs ?? Docs, ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    /// <summary>422 "Validation Failed" with one error, as GitHub lists them.</summary>
    public static GitHubError Validation(string resource, string code, string field, string? message = null)
    {
        var error = new JsonObject { ["resource"] = resource, ["code"] = code, ["field"] = field };
        if (message is not null)
        {
            error["message"] = message;
        }
        return new(422, new JsonObject { ["message"] = "Validation Failed", ["errors"] = new JsonArray(error), ["documentation_url"] = Docs, ["status"] = "422" });
    }
}
