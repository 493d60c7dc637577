using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Stores.Tests.GitHub;

/// <summary>
/// Sits between the GitHub store and the fixtures server where the store asks in a way GitHub documents
/// but the recordings (made by octokit's tests) predate, and answers from the recorded real answers:
/// <list type="bullet">
/// <item><c>GET …/git/ref/heads/x</c> (one ref) is sent as the recorded <c>GET …/git/refs/</c> (the
/// listing), and answered with the listed entry named <c>refs/heads/x</c> — the same object GitHub gives
/// for one ref — or with GitHub's 404 when none has exactly that name;</item>
/// <item><c>per_page=100</c> is dropped from a list request: the recorded lists were read with GitHub's
/// default page and hold fewer items than one, so the recorded single page is GitHub's answer either way.</item>
/// </list>
/// Every other request passes unchanged, and <see cref="Sent"/> keeps what the store really sent.
/// </summary>
public sealed class RecordingTranslator() : DelegatingHandler(new HttpClientHandler())
{
    private const string PerPage = "per_page=100";

    public List<string> Sent { get; } = [];

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!;
        Sent.Add($"{request.Method} {url.PathAndQuery}");
        var oneRef = url.AbsolutePath.IndexOf("/git/ref/", StringComparison.Ordinal);
        if (request.Method == HttpMethod.Get && oneRef >= 0)
        {
            var name = "refs/" + Uri.UnescapeDataString(url.AbsolutePath[(oneRef + "/git/ref/".Length)..]);
            request.RequestUri = new UriBuilder(url) { Path = url.AbsolutePath[..oneRef] + "/git/refs/" }.Uri;
            using var listing = base.Send(request, cancellationToken);
            listing.EnsureSuccessStatusCode();
            var entry = (JsonNode.Parse(listing.Content.ReadAsStream()) as JsonArray ?? [])
                .FirstOrDefault(r => r?["ref"]?.GetValue<string>() == name);
            return entry is null
                ? Json(HttpStatusCode.NotFound, """{"message":"Not Found","documentation_url":"https://docs.github.com/rest/git/refs#get-a-reference","status":"404"}""")
                : Json(HttpStatusCode.OK, entry.ToJsonString());
        }
        if (request.Method == HttpMethod.Get && url.Query.TrimStart('?').Split('&').Contains(PerPage))
        {
            var query = string.Join('&', url.Query.TrimStart('?').Split('&').Where(p => p != PerPage));
            request.RequestUri = new UriBuilder(url) { Query = query }.Uri;
        }
        return base.Send(request, cancellationToken);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
}
