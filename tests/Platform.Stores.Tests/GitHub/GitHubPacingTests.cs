using System.Net;
using Platform.State.Stores.GitHub;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.GitHub;

/// <summary>
/// Content-creating requests stay under GitHub's secondary limit (80 a minute, SPEC 8.5): one more
/// waits, through the clock, for the rolling 60 s window.
/// </summary>
public sealed class GitHubPacingTests : IDisposable
{
    private readonly ScriptedHandler handler = new();
    private readonly InstantDelays delays = new();

    private static readonly GitHubStoreOptions Options = new(new Uri("https://github.example/api"), "acme", "platform", "t0ken");

    private GitHubRestClient Client(GitHubStoreOptions? options = null) => new(options ?? Options, handler, delays);

    private static void Post(GitHubRestClient client, int times)
    {
        for (var i = 0; i < times; i++)
        {
            client.Send(HttpMethod.Post, "repos/acme/platform/git/trees", new System.Text.Json.Nodes.JsonObject { ["tree"] = new System.Text.Json.Nodes.JsonArray() });
        }
    }

    [Fact]
    public void The_81st_content_creating_request_within_a_minute_waits_for_the_window()
    {
        handler.Answer(81, HttpStatusCode.Created, """{"sha":"t"}""");
        using var client = Client();

        Post(client, 80);
        Assert.Empty(delays.Waits);
        Post(client, 1);

        Assert.Equal([TimeSpan.FromSeconds(60)], delays.Waits);
        Assert.Equal(81, handler.Sent.Count);
    }

    [Fact]
    public void The_window_rolls_one_request_at_a_time()
    {
        handler.Answer(121, HttpStatusCode.Created, """{"sha":"t"}""");
        using var client = Client();

        Post(client, 40);
        delays.Advance(TimeSpan.FromSeconds(30));
        Post(client, 40);
        Post(client, 41); // the first 40 leave the window 30 s on; the 121st waits for the 41st to leave it too

        Assert.Equal([TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)], delays.Waits);
    }

    [Fact]
    public void Every_content_creating_method_counts_and_reads_never_wait()
    {
        handler.Answer(HttpStatusCode.Created, "{}").Answer(HttpStatusCode.OK, "{}").Answer(HttpStatusCode.OK, "{}").Answer(HttpStatusCode.NoContent)
            .Answer(200, HttpStatusCode.OK, "{}").Answer(HttpStatusCode.NoContent);
        using var client = Client(Options with { ContentRequestsPerMinute = 4 });

        client.Send(HttpMethod.Post, "repos/acme/platform/git/refs");
        client.Send(HttpMethod.Patch, "repos/acme/platform/git/refs/heads/x");
        client.Send(HttpMethod.Put, "repos/acme/platform/contents/x");
        client.Send(HttpMethod.Delete, "repos/acme/platform/git/refs/heads/x");
        for (var i = 0; i < 200; i++)
        {
            client.Send(HttpMethod.Get, "repos/acme/platform");
        }
        Assert.Empty(delays.Waits);
        client.Send(HttpMethod.Delete, "repos/acme/platform/git/refs/heads/y");

        Assert.Equal([TimeSpan.FromSeconds(60)], delays.Waits);
    }

    [Fact]
    public void Repeated_attempts_are_paced_like_any_other_request()
    {
        handler.Answer(HttpStatusCode.BadGateway).Answer(HttpStatusCode.Created, """{"sha":"t"}""");
        using var client = Client(Options with { ContentRequestsPerMinute = 1 });

        Post(client, 1);

        // The backoff after the 502 already counts toward the minute the second attempt waits for.
        Assert.Equal(2, delays.Waits.Count);
        Assert.InRange(delays.Waits[0] + delays.Waits[1], TimeSpan.FromSeconds(59.99), TimeSpan.FromSeconds(60));
    }

    public void Dispose() => handler.Dispose();
}
