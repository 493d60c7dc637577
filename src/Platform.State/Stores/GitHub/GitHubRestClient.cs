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
/// GitHub's REST API over HttpClient: token auth, bounded retries with backoff on 5xx, network
/// failures and rate limits (honouring Retry-After and the rate-limit reset, capped), and one-line
/// store errors (exit 4) for every answer the caller did not say it handles.
/// Calls are synchronous because the state transaction that drives them is.
/// </summary>
public sealed class GitHubRestClient : IDisposable
{
    public const string JsonMediaType = "application/vnd.github.v3+json";
    public const string BinaryMediaType = "application/octet-stream";
    public const string RawMediaType = "application/vnd.github.raw+json";

    private readonly GitHubStoreOptions options;
    private readonly HttpClient http;
    private readonly TimeProvider clock;
    private readonly ResiliencePipeline<HttpResponseMessage> retries;

    /// <param name="handler">The HTTP handler; tests pass one, production uses the default sockets handler.</param>
    /// <param name="clock">Reads Retry-After dates and times the waits between attempts; tests pass one that never sleeps.</param>
    public GitHubRestClient(GitHubStoreOptions options, HttpMessageHandler? handler = null, TimeProvider? clock = null)
    {
        this.options = options.Validated();
        http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = options.RequestTimeout;
        this.clock = clock ?? TimeProvider.System;
        retries = RetryPipelines.GitHub(options, IsTransient, AskedWait, this.clock);
    }

    public GitHubStoreOptions Options => options;

    /// <summary>Sends a JSON request; answers with a status in <paramref name="handled"/> come back instead of throwing.</summary>
    public GitHubReply Send(HttpMethod method, string pathOrUrl, JsonNode? body = null, params HttpStatusCode[] handled) =>
        SendContent(method, pathOrUrl, body is null ? null : () => new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), handled);

    /// <summary>Sends a request whose body <paramref name="content"/> builds afresh for each attempt.</summary>
    public GitHubReply SendContent(HttpMethod method, string pathOrUrl, Func<HttpContent>? content, params HttpStatusCode[] handled)
    {
        using var response = Exchange(method, pathOrUrl, content, JsonMediaType);
        var reply = new GitHubReply(response.StatusCode, ReadJson(response), NextPage(response));
        if (reply.IsSuccess || handled.Contains(reply.Status))
        {
            return reply;
        }
        throw Refusal(method, pathOrUrl, reply);
    }

    /// <summary>Every item of a paged list, following GitHub's Link headers (bounded).</summary>
    public IReadOnlyList<JsonNode> GetAllPages(string path)
    {
        const int MaxPages = 100;
        var items = new List<JsonNode>();
        string? next = path;
        for (var page = 0; next is not null; page++)
        {
            if (page == MaxPages)
            {
                throw PlatformException.StoreUnavailable($"GitHub listed more than {MaxPages} pages for {path}; refusing to read on");
            }
            var reply = Send(HttpMethod.Get, next);
            items.AddRange((reply.Body as JsonArray ?? []).OfType<JsonNode>());
            next = reply.NextPage;
        }
        return items;
    }

    /// <summary>Streams a binary answer (an asset's bytes) into <paramref name="destinationPath"/>, replacing it whole.</summary>
    public void Download(string pathOrUrl, string destinationPath)
    {
        using var response = Exchange(HttpMethod.Get, pathOrUrl, null, BinaryMediaType);
        if (!response.IsSuccessStatusCode)
        {
            throw Refusal(HttpMethod.Get, pathOrUrl, new GitHubReply(response.StatusCode, ReadJson(response), null));
        }
        using var body = response.Content.ReadAsStream();
        AtomicFile.Write(destinationPath, body.CopyTo);
    }

    /// <summary>A file's raw text (the contents API with the raw media type).</summary>
    public string GetText(string pathOrUrl)
    {
        using var response = Exchange(HttpMethod.Get, pathOrUrl, null, RawMediaType);
        if (!response.IsSuccessStatusCode)
        {
            throw Refusal(HttpMethod.Get, pathOrUrl, new GitHubReply(response.StatusCode, ReadJson(response), null));
        }
        return response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
    }

    public void Dispose() => http.Dispose();

    private HttpResponseMessage Exchange(HttpMethod method, string pathOrUrl, Func<HttpContent>? content, string accept)
    {
        var url = Resolve(pathOrUrl);
        try
        {
            return retries.Execute(() =>
            {
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
            throw PlatformException.StoreUnavailable($"cannot reach GitHub for {method} {Describe(pathOrUrl)} after {options.MaxAttempts} attempts: {e.Message}");
        }
    }

    /// <summary>A server error or a rate limit: worth trying again.</summary>
    private static bool IsTransient(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        return status >= 500 || status == 429 ||
            (status == 403 && (Header(response, "x-ratelimit-remaining") == "0" || response.Headers.RetryAfter is not null));
    }

    /// <summary>The wait GitHub asks for: Retry-After, else the rate-limit reset when none is left; null when it says nothing.</summary>
    private TimeSpan? AskedWait(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            return retryAfter.Delta ?? (retryAfter.Date is { } date ? date - clock.GetUtcNow() : null);
        }
        if (Header(response, "x-ratelimit-remaining") == "0" &&
            long.TryParse(Header(response, "x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            return DateTimeOffset.FromUnixTimeSeconds(reset) - clock.GetUtcNow();
        }
        return null;
    }

    private PlatformException Refusal(HttpMethod method, string pathOrUrl, GitHubReply reply)
    {
        var what = $"{method} {Describe(pathOrUrl)}";
        var repo = $"{options.Owner}/{options.Repository}";
        return PlatformException.StoreUnavailable((int)reply.Status switch
        {
            401 => $"GitHub rejected the token (401) for {what}: {reply.ErrorText}; set GH_TOKEN or GITHUB_TOKEN to a valid token",
            403 => $"GitHub refused {what} (403): {reply.ErrorText}; the token may lack permission on {repo}, or the rate limit was not lifted in time",
            404 => $"GitHub found nothing at {what} (404): {reply.ErrorText}; check that {repo} exists and the token can see it",
            429 => $"GitHub kept rate-limiting {what} (429) after {options.MaxAttempts} attempts: {reply.ErrorText}",
            >= 500 => $"GitHub failed {what} with {(int)reply.Status} after {options.MaxAttempts} attempts: {reply.ErrorText}",
            _ => $"GitHub refused {what} ({(int)reply.Status}): {reply.ErrorText}",
        });
    }

    private Uri Resolve(string pathOrUrl) =>
        pathOrUrl.StartsWith("http://", StringComparison.Ordinal) || pathOrUrl.StartsWith("https://", StringComparison.Ordinal)
            ? new Uri(pathOrUrl)
            : new Uri(options.ApiUrl.AbsoluteUri.TrimEnd('/') + "/" + pathOrUrl.TrimStart('/'));

    /// <summary>The path part only: never a token, never a signed query string.</summary>
    private string Describe(string pathOrUrl) => Resolve(pathOrUrl).AbsolutePath;

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
