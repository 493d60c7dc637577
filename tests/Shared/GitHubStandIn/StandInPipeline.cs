using System.Globalization;

namespace Platform.Tests.Shared;

/// <summary>
/// What happens to every request, in GitHub's order: find the route (404), check the token (401),
/// spend the primary rate limit (x-ratelimit-* headers on every API answer), inject server errors,
/// apply the secondary limits to content-creating requests, then run the endpoint. Everything is counted.
/// </summary>
internal sealed class StandInPipeline(
    GitHubStandInOptions options, StandInUrls urls, IReadOnlyList<StandInRoute> routes, StandInTraffic traffic, StandInFaultState faults, StandInLimits limits)
{
    private const string SecondaryLimitDocs = "https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits";

    private long sequence;

    public StandInAnswer Answer(StandInRequest request)
    {
        var segments = Canonical(request.Segments);
        var (route, values) = Match(request.Method, segments);
        StandInAnswer answer;
        try
        {
            answer = route is null || values is null ? throw GitHubError.NotFound() : Decide(request, route, values);
        }
        catch (GitHubError error)
        {
            answer = error.Answer;
        }
        traffic.Count(route?.Name ?? $"{request.Method} (no route)", StandInTraffic.IsContentCreating(request.Method),
            request.Body.Length, answer.Drop ? 0 : answer.Body.Length, answer.Faulted);
        return answer;
    }

    /// <summary>Whether the request carries the token, as <c>token …</c> or <c>Bearer …</c>.</summary>
    public bool Authorized(StandInRequest request)
    {
        var header = request.Header("Authorization");
        var space = header?.IndexOf(' ', StringComparison.Ordinal) ?? -1;
        return space > 0 && header![..space].ToLowerInvariant() is "token" or "bearer" && header[(space + 1)..].Trim() == options.Token;
    }

    private StandInAnswer Decide(StandInRequest request, StandInRoute route, Dictionary<string, string> values)
    {
        if (!route.IsApi)
        {
            return route.Handle(new StandInCall(request, values));
        }
        var requestId = $"STANDIN:{Interlocked.Increment(ref sequence).ToString("X8", CultureInfo.InvariantCulture)}";
        (string, string)[] common = [("x-github-request-id", requestId), ("x-github-api-version-selected", "2022-11-28")];
        if (!Authorized(request))
        {
            var message = request.Header("Authorization") is null ? "Requires authentication" : "Bad credentials";
            return GitHubError.Of(401, message).Answer.WithHeaders([.. common, .. limits.Spend(0, enforce: false).Headers]);
        }
        var isUpload = route.Name.StartsWith("POST /uploads/", StringComparison.Ordinal);
        var (settings, ordinal) = faults.Next(StandInFaultState.Kind.Request);
        var (refused, rateHeaders) = limits.Spend(isUpload ? 2 : 1, settings.EnforcePrimaryLimit);
        (string, string)[] headers = [.. common, .. rateHeaders];
        try
        {
            if (refused)
            {
                throw GitHubError.Of(403, "API rate limit exceeded for installation. If you reach out to GitHub Support for help, please include the request ID " + requestId + ".",
                    "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits");
            }
            if (settings.ServerErrors.Hits(settings.Seed, "server-error", ordinal))
            {
                var status = settings.PickServerError(ordinal);
                return GitHubError.Of(status, status == 500 ? "Server Error" : status == 502 ? "Bad Gateway" : "Service Unavailable").Answer
                    .WithHeaders(headers) with { Faulted = true };
            }
            if (StandInTraffic.IsContentCreating(request.Method) && SecondaryLimit(settings, requestId) is { } limited)
            {
                return limited.WithHeaders(headers);
            }
            return route.Handle(new StandInCall(request, values)).WithHeaders(headers);
        }
        catch (GitHubError error)
        {
            return error.Answer.WithHeaders(headers);
        }
    }

    /// <summary>An injected or enforced secondary limit for this content-creating request, if it meets one.</summary>
    private StandInAnswer? SecondaryLimit(StandInFaults settings, string requestId)
    {
        var (_, ordinal) = faults.Next(StandInFaultState.Kind.ContentCreating);
        var message = "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. "
            + $"If you reach out to GitHub Support for help, please include the request ID {requestId}.";
        if (settings.SecondaryLimits.Hits(settings.Seed, "secondary-limit", ordinal))
        {
            var answer = GitHubError.Of(403, message, SecondaryLimitDocs).Answer with { Faulted = true };
            return settings.SecondaryLimitRetryAfter is { } wait ? answer.WithHeaders([("Retry-After", Seconds(wait))]) : answer;
        }
        if (limits.ContentCreating(settings.ContentCreatingPerMinute) is { } untilFree)
        {
            var answer = GitHubError.Of(403, message, SecondaryLimitDocs).Answer;
            return settings.ContentCreatingLimitSendsRetryAfter ? answer.WithHeaders([("Retry-After", Seconds(untilFree))]) : answer;
        }
        return null;
    }

    /// <summary>The route for the request; the first that matches, so literal routes are listed before ones with values.</summary>
    private (StandInRoute? Route, Dictionary<string, string>? Values) Match(string method, IReadOnlyList<string> segments)
    {
        foreach (var route in routes)
        {
            if (route.Method == method && route.Match(segments) is { } values)
            {
                if (values.TryGetValue("owner", out var owner) && route.IsApi
                    && (!string.Equals(owner, urls.Owner, StringComparison.OrdinalIgnoreCase) || !string.Equals(values["repo"], urls.Repo, StringComparison.OrdinalIgnoreCase)))
                {
                    return (route, null); // another repository: GitHub says 404, whether it exists or not
                }
                return (route, values);
            }
        }
        return (null, null);
    }

    /// <summary><c>repositories/{id}/…</c>, where GitHub's Link headers point, is the same as <c>repos/{owner}/{repo}/…</c>.</summary>
    private IReadOnlyList<string> Canonical(IReadOnlyList<string> segments) =>
        segments.Count >= 2 && segments[0] == "repositories" && segments[1] == urls.RepoId.ToString(CultureInfo.InvariantCulture)
            ? ["repos", urls.Owner, urls.Repo, .. segments.Skip(2)]
            : segments;

    private static string Seconds(TimeSpan wait) => Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
}
