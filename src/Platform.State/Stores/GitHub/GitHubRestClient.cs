using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.State.Stores.Retries;
using Polly;

namespace Platform.State.Stores.GitHub;

/// <summary>
/// GitHub's REST API over HttpClient: token auth; bounded retries on 5xx, network failures and rate
/// limits (<see cref="RetryPipelines.NextGitHubWait"/>); content-creating requests paced under
/// GitHub's secondary limit (<see cref="ContentRequestPacer"/>); and one-line store errors (exit 4)
/// for every answer the caller did not say it handles. Calls are synchronous because the state
/// transaction that drives them is.
/// </summary>
public sealed class GitHubRestClient : IDisposable
{
    public const string JsonMediaType = "application/vnd.github.v3+json";
    public const string BinaryMediaType = "application/octet-stream";
    public const string RawMediaType = "application/vnd.github.raw+json";

    /// <summary>The most items GitHub gives in one page of a list.</summary>
    public const int PageSize = 100;

    private const int MaxPages = 100;

    private readonly GitHubStoreOptions options;
    private readonly HttpClient http;
    private readonly ResiliencePipeline<HttpResponseMessage> retries;
    private readonly ContentRequestPacer pacer;

    /// <param name="handler">The HTTP handler; tests pass one, production uses the default sockets handler.</param>
    /// <param name="clock">Reads Retry-After dates and times the waits (retries, pacing); tests pass one that never sleeps.</param>
    public GitHubRestClient(GitHubStoreOptions options, HttpMessageHandler? handler = null, TimeProvider? clock = null)
    {
        this.options = options.Validated();
        // The default handler follows redirects (an asset download answers 302 to a storage host) and
        // drops the Authorization header when it does, so the token never leaves GitHub's API host.
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = options.RequestTimeout;
        clock ??= TimeProvider.System;
        retries = RetryPipelines.GitHub(options, clock);
        pacer = new ContentRequestPacer(options.ContentRequestsPerMinute, clock);
    }

    public GitHubStoreOptions Options => options;

    /// <summary>Sends a JSON request; answers with a status in <paramref name="handled"/> come back instead of throwing.</summary>
    public GitHubReply Send(HttpMethod method, string pathOrUrl, JsonNode? body = null, params HttpStatusCode[] handled) =>
        SendContent(method, pathOrUrl, body is null ? null : () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), handled);

    /// <summary>Sends a request whose body <paramref name="content"/> builds afresh for each attempt.</summary>
    public GitHubReply SendContent(HttpMethod method, string pathOrUrl, Func<HttpContent>? content, params HttpStatusCode[] handled) =>
        Reply(method, pathOrUrl, content, new GitHubAttempts(repeatableOnceSent: true), handled);

    /// <summary>
    /// Posts an upload that is never sent again once GitHub may have acted on it (SPEC 8.5): after a 5xx
    /// or a broken-off exchange GitHub may hold the asset, or a <c>starter</c> one, so the caller looks
    /// before it uploads again. It is repeated only when nothing went out or a rate limit refused it.
    /// </summary>
    public GitHubReply Upload(string url, Func<HttpContent> content, params HttpStatusCode[] handled) =>
        Reply(HttpMethod.Post, url, content, new GitHubAttempts(repeatableOnceSent: false), handled);

    /// <summary>Every item of a paged list, <see cref="PageSize"/> a page, following GitHub's Link headers (bounded).</summary>
    public IReadOnlyList<JsonNode> GetAllPages(string path, int pageSize = PageSize)
    {
        var items = new List<JsonNode>();
        string? next = path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "per_page=" + pageSize.ToString(CultureInfo.InvariantCulture);
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxPages)
            {
                throw PlatformException.StoreUnavailable($"GitHub listed more than {MaxPages} pages for {Describe(path)}; refusing to read on");
            }
            var reply = Send(HttpMethod.Get, next);
            items.AddRange((reply.Body as JsonArray ?? []).OfType<JsonNode>());
            next = reply.NextPage;
            if (next is not null && Resolve(next).Authority != options.ApiUrl.Authority)
            {
                // The token goes with every page: never to a host other than the API's.
                throw PlatformException.StoreUnavailable($"GitHub's next page of {Describe(path)} is on another host ({Resolve(next).Host}); refusing to follow it");
            }
        }
        return items;
    }

    /// <summary>
    /// Streams a binary answer (an asset's bytes) into <paramref name="destinationPath"/>, replacing it whole.
    /// GitHub answers with a redirect to its storage host, which the handler follows without the token.
    /// </summary>
    public void Download(string pathOrUrl, string destinationPath)
    {
        var attempts = new GitHubAttempts(repeatableOnceSent: true);
        using var response = Exchange(HttpMethod.Get, pathOrUrl, null, BinaryMediaType, attempts);
        if (!response.IsSuccessStatusCode)
        {
            throw Refusal(HttpMethod.Get, pathOrUrl, new GitHubReply(response.StatusCode, ReadJson(response), null) { Attempts = attempts });
        }
        using var body = response.Content.ReadAsStream();
        AtomicFile.Write(destinationPath, target =>
        {
            var buffer = new byte[81920];
            while (ReadSome(body, buffer, pathOrUrl) is > 0 and var count)
            {
                target.Write(buffer, 0, count);
            }
        });
    }

    /// <summary>A file's raw text (the contents API with the raw media type).</summary>
    public string GetText(string pathOrUrl)
    {
        var attempts = new GitHubAttempts(repeatableOnceSent: true);
        using var response = Exchange(HttpMethod.Get, pathOrUrl, null, RawMediaType, attempts);
        if (!response.IsSuccessStatusCode)
        {
            throw Refusal(HttpMethod.Get, pathOrUrl, new GitHubReply(response.StatusCode, ReadJson(response), null) { Attempts = attempts });
        }
        return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    public void Dispose() => http.Dispose();

    private GitHubReply Reply(HttpMethod method, string pathOrUrl, Func<HttpContent>? content, GitHubAttempts attempts, HttpStatusCode[] handled)
    {
        using var response = Exchange(method, pathOrUrl, content, JsonMediaType, attempts);
        var reply = new GitHubReply(response.StatusCode, ReadJson(response), NextPage(response)) { Attempts = attempts };
        if (reply.IsSuccess || handled.Contains(reply.Status))
        {
            return reply;
        }
        throw Refusal(method, pathOrUrl, reply);
    }

    private HttpResponseMessage Exchange(HttpMethod method, string pathOrUrl, Func<HttpContent>? content, string accept, GitHubAttempts attempts)
    {
        var url = Resolve(pathOrUrl);
        try
        {
            return RetryPipelines.SendGitHub(retries, attempts, () =>
            {
                if (ContentRequestPacer.Paces(method))
                {
                    pacer.WaitTurn();
                }
                using var request = new HttpRequestMessage(method, url);
                request.Headers.TryAddWithoutValidation("Accept", accept);
                request.Headers.TryAddWithoutValidation("Authorization", "token " + options.Token);
                request.Headers.TryAddWithoutValidation("User-Agent", "platform-cli");
                request.Headers.TryAddWithoutValidation("X-GitHub-Api-Version", "2022-11-28");
                request.Content = content?.Invoke();
                return http.Send(request, HttpCompletionOption.ResponseHeadersRead);
            });
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            throw PlatformException.StoreUnavailable(attempts.HeldBack
                ? $"GitHub's answer to {method} {Describe(pathOrUrl)} broke off ({e.Message}); not sent again, as GitHub may have acted on it: look before trying again"
                : $"cannot reach GitHub for {method} {Describe(pathOrUrl)} after {Plural(attempts.Count, "attempt")}: {e.Message}");
        }
    }

    private PlatformException Refusal(HttpMethod method, string pathOrUrl, GitHubReply reply)
    {
        var what = $"{method} {Describe(pathOrUrl)}";
        var repo = $"{options.Owner}/{options.Repository}";
        var attempts = reply.Attempts;
        var tried = $"after {Plural(attempts?.Count ?? 1, "attempt")}";
        if (attempts is { RateLimitWaited: var waited } && waited > TimeSpan.Zero)
        {
            tried += $" and {Seconds(waited)} of waiting";
        }
        if (attempts is { RefusedWait: { } refused })
        {
            tried += $"; waiting {Seconds(refused)} more would pass the {Seconds(options.MaxRateLimitWait)} a request may wait for rate limits";
        }
        return PlatformException.StoreUnavailable((int)reply.Status switch
        {
            401 => $"GitHub rejected the token (401) for {what}: {reply.ErrorText}; set GH_TOKEN or GITHUB_TOKEN to a valid token",
            403 or 429 when GitHubSetback.IsRateLimit(reply.Status, reply.ErrorText) || attempts?.RefusedWait is not null =>
                $"GitHub kept rate-limiting {what} ({(int)reply.Status}) {tried}: {reply.ErrorText}",
            403 => $"GitHub refused {what} (403): {reply.ErrorText}; the token may lack permission on {repo}",
            404 => $"GitHub found nothing at {what} (404): {reply.ErrorText}; check that {repo} exists and the token can see it",
            >= 500 when attempts is { HeldBack: true } =>
                $"GitHub failed {what} with {(int)reply.Status}: {reply.ErrorText}; not sent again, as GitHub may have acted on it: look before trying again",
            >= 500 => $"GitHub failed {what} with {(int)reply.Status} {tried}: {reply.ErrorText}",
            _ => $"GitHub refused {what} ({(int)reply.Status}): {reply.ErrorText}",
        });
    }

    private static string Seconds(TimeSpan wait) => $"{Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s";

    private Uri Resolve(string pathOrUrl) =>
        pathOrUrl.StartsWith("http://", StringComparison.Ordinal) || pathOrUrl.StartsWith("https://", StringComparison.Ordinal)
            ? new Uri(pathOrUrl)
            : new Uri(options.ApiUrl.AbsoluteUri.TrimEnd('/') + "/" + pathOrUrl.TrimStart('/'));

    /// <summary>The path part only: never a token, never a signed query string.</summary>
    private string Describe(string pathOrUrl) => Resolve(pathOrUrl).AbsolutePath;

    /// <summary>Reads from an answer's body; a body that breaks off is a store error (the file being written is left unfinished and dropped).</summary>
    private int ReadSome(Stream body, byte[] buffer, string pathOrUrl)
    {
        try
        {
            return body.Read(buffer, 0, buffer.Length);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            throw PlatformException.StoreUnavailable($"the download of {Describe(pathOrUrl)} broke off: {e.Message}");
        }
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static JsonNode? ReadJson(HttpResponseMessage response)
    {
        using var buffer = new MemoryStream();
        try
        {
            response.Content.ReadAsStream().CopyTo(buffer);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            // The headers came, the body broke off: as unreachable as no answer at all.
            throw PlatformException.StoreUnavailable($"GitHub's answer broke off: {e.Message}");
        }
        if (buffer.Length == 0)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(buffer.ToArray());
        }
        catch (JsonException)
        {
            // A proxy's HTML error page, say: keep its start as the message.
            var text = Encoding.UTF8.GetString(buffer.ToArray(), 0, (int)Math.Min(buffer.Length, 200)).ReplaceLineEndings(" ");
            return new JsonObject { ["message"] = text };
        }
    }

    /// <summary>The rel="next" URL of a Link header, if any.</summary>
    private static string? NextPage(HttpResponseMessage response)
    {
        var link = Header(response, "Link");
        if (link is null)
        {
            return null;
        }
        foreach (var part in link.Split(','))
        {
            var pieces = part.Split(';');
            if (pieces.Length > 1 && pieces.Skip(1).Any(p => p.Trim() == "rel=\"next\""))
            {
                return pieces[0].Trim().TrimStart('<').TrimEnd('>');
            }
        }
        return null;
    }
}
