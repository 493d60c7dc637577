using System.Net;
using System.Text;

namespace Platform.Stores.Tests.Support;

/// <summary>
/// Answers HTTP requests from a script, in order, and records what was sent: for the GitHub
/// behaviours no recording holds (retries, rate limits, pacing, refusals, broken uploads). Never touches a network.
/// </summary>
public sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpResponseMessage>> answers = new();

    public List<(HttpMethod Method, string Url, string Accept, string? Body)> Sent { get; } = [];

    /// <summary>The next request fails with <paramref name="failure"/> instead of an answer (a network failure).</summary>
    public ScriptedHandler Fail(Exception failure)
    {
        answers.Enqueue(() => throw failure);
        return this;
    }

    /// <summary>The same answer <paramref name="times"/> times over.</summary>
    public ScriptedHandler Answer(int times, HttpStatusCode status, string body = "", params (string Name, string Value)[] headers)
    {
        for (var i = 0; i < times; i++)
        {
            Answer(status, body, headers);
        }
        return this;
    }

    public ScriptedHandler Answer(HttpStatusCode status, string body = "", params (string Name, string Value)[] headers)
    {
        answers.Enqueue(() =>
        {
            var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            foreach (var (name, value) in headers)
            {
                response.Headers.TryAddWithoutValidation(name, value);
            }
            return response;
        });
        return this;
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content?.ReadAsStringAsync(cancellationToken).GetAwaiter().GetResult();
        Sent.Add((request.Method, request.RequestUri!.ToString(), string.Join(",", request.Headers.Accept), body));
        return answers.Count > 0
            ? answers.Dequeue()()
            : throw new InvalidOperationException($"unscripted request {request.Method} {request.RequestUri}");
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(Send(request, cancellationToken));
}
