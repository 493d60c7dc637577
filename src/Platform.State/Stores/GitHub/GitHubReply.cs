using System.Net;
using System.Text.Json.Nodes;

namespace Platform.State.Stores.GitHub;

/// <summary>A GitHub answer the caller chose to handle: status, parsed body, and the next page's URL if any.</summary>
public sealed record GitHubReply(HttpStatusCode Status, JsonNode? Body, string? NextPage)
{
    /// <summary>The attempts it took; more than one means an earlier attempt may have acted and lost its answer.</summary>
    public GitHubAttempts? Attempts { get; init; }

    /// <summary>True when the request went out more than once.</summary>
    public bool WasRepeated => Attempts is { Count: > 1 };

    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>GitHub's error message and the codes of its listed errors, as one line.</summary>
    public string ErrorText
    {
        get
        {
            var message = Body?["message"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? Body["message"]!.GetValue<string>() : null;
            var details = (Body?["errors"] as JsonArray ?? [])
                .Select(e => e is JsonObject o
                    ? string.Join(' ', new[] { "resource", "field", "code", "message" }.Select(k => o[k]?.ToString()).Where(v => !string.IsNullOrEmpty(v)))
                    : e?.ToString())
                .Where(d => !string.IsNullOrEmpty(d))
                .ToList();
            var text = message ?? "no message";
            return details.Count == 0 ? text : $"{text} ({string.Join("; ", details)})";
        }
    }

    /// <summary>True when GitHub's 422 says the name or ref is already taken.</summary>
    public bool SaysAlreadyExists =>
        Status == HttpStatusCode.UnprocessableEntity &&
        (ErrorText.Contains("already_exists", StringComparison.OrdinalIgnoreCase) || ErrorText.Contains("already exists", StringComparison.OrdinalIgnoreCase));
}
