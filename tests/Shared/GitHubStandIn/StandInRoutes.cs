using System.Globalization;

namespace Platform.Tests.Shared;

/// <summary>
/// One endpoint: a method and a path template (<c>{name}</c> takes one segment, a final
/// <c>{*name}</c> the rest, possibly empty). API routes need the token and count against the rate
/// limits; the others (the signed download a redirect points to) do not.
/// </summary>
internal sealed class StandInRoute(string method, string template, Func<StandInCall, StandInAnswer> handle, bool isApi = true)
{
    private readonly string[] parts = template.Split('/');

    public string Method { get; } = method;

    /// <summary>How traffic counters name the route, e.g. <c>GET /repos/{owner}/{repo}/git/ref/{*ref}</c>.</summary>
    public string Name { get; } = $"{method} /{template}";

    public bool IsApi { get; } = isApi;

    public StandInAnswer Handle(StandInCall call) => handle(call);

    public Dictionary<string, string>? Match(IReadOnlyList<string> segments)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.StartsWith("{*", StringComparison.Ordinal))
            {
                values[part[2..^1]] = string.Join('/', segments.Skip(i));
                return values;
            }
            if (i >= segments.Count)
            {
                return null;
            }
            if (part.StartsWith('{'))
            {
                values[part[1..^1]] = segments[i];
            }
            else if (part != segments[i])
            {
                return null;
            }
        }
        return segments.Count == parts.Length ? values : null;
    }
}

/// <summary>A request matched to a route, with the values its template captured.</summary>
internal sealed record StandInCall(StandInRequest Request, IReadOnlyDictionary<string, string> Values)
{
    public string this[string name] => Values[name];

    /// <summary>A numeric path value (an ID); anything else names nothing, so GitHub says 404.</summary>
    public long Id(string name) =>
        long.TryParse(Values[name], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : throw GitHubError.NotFound();
}
