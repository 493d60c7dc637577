using System.Net;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;

namespace Platform.Stores.Tests.StandIn;

/// <summary>What the stand-in answers on the wire, as GitHub's docs describe it.</summary>
public sealed class StandInProtocolTests : IDisposable
{
    private readonly GitHubStandIn github = GitHubStandIn.Start();

    [Fact]
    public async Task Requests_without_the_token_are_401_and_every_answer_carries_rate_limit_headers()
    {
        using var anonymous = StandInClients.Http(github, withToken: false);
        using var wrong = StandInClients.Http(github, withToken: false);
        wrong.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer not-the-token");
        using var bearer = StandInClients.Http(github, withToken: false);
        bearer.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "Bearer " + github.Token);

        using var missing = await anonymous.GetAsync("repos/acme/platform");
        using var bad = await wrong.GetAsync("repos/acme/platform");
        using var good = await bearer.GetAsync("repos/acme/platform");

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.OK), (missing.StatusCode, bad.StatusCode, good.StatusCode));
        Assert.Contains("Bad credentials", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(await good.Content.ReadAsStringAsync())!["private"]!.GetValue<bool>());
        foreach (var answer in new[] { missing, bad, good })
        {
            Assert.True(answer.Headers.Contains("x-ratelimit-limit") && answer.Headers.Contains("x-ratelimit-remaining") && answer.Headers.Contains("x-ratelimit-reset"));
        }
        Assert.Equal("4999", good.Headers.GetValues("x-ratelimit-remaining").Single());
    }

    [Fact]
    public void A_wrong_token_is_a_store_error_that_names_the_variable()
    {
        using var store = StandInClients.Store(github, o => o with { Token = "wrong" });

        var error = Assert.Throws<PlatformException>(() => store.GetRelease("billing-state-v1"));

        Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
        Assert.Contains("GH_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_are_linked_next_last_prev_and_first_at_most_a_hundred_each()
    {
        var release = github.SeedRelease("v1");
        for (var i = 0; i < 250; i++)
        {
            github.SeedAsset("v1", $"a{i:D3}", "x");
        }
        using var http = StandInClients.Http(github);

        using var first = await http.GetAsync($"repos/acme/platform/releases/{release.Id}/assets?per_page=100");
        var link = first.Headers.GetValues("Link").Single();
        Assert.Contains($"/repositories/", link, StringComparison.Ordinal);
        Assert.Contains("per_page=100&page=2>; rel=\"next\"", link, StringComparison.Ordinal);
        Assert.Contains("per_page=100&page=3>; rel=\"last\"", link, StringComparison.Ordinal);

        var next = link.Split(',')[0].Split(';')[0].Trim('<', '>', ' ');
        using var second = await http.GetAsync(new Uri(next));
        Assert.Equal(100, JsonNode.Parse(await second.Content.ReadAsStringAsync())!.AsArray().Count);
        using var capped = await http.GetAsync($"repos/acme/platform/releases/{release.Id}/assets?per_page=500&page=3");
        Assert.Equal(50, JsonNode.Parse(await capped.Content.ReadAsStringAsync())!.AsArray().Count);
        var lastLink = capped.Headers.GetValues("Link").Single();
        Assert.Contains("rel=\"prev\"", lastLink, StringComparison.Ordinal);
        Assert.Contains("rel=\"first\"", lastLink, StringComparison.Ordinal);
        Assert.DoesNotContain("rel=\"next\"", lastLink, StringComparison.Ordinal);
        using var byDefault = await http.GetAsync($"repos/acme/platform/releases/{release.Id}/assets");
        Assert.Equal(30, JsonNode.Parse(await byDefault.Content.ReadAsStringAsync())!.AsArray().Count);
    }

    [Fact]
    public async Task The_download_redirect_refuses_a_request_that_carries_the_token()
    {
        github.SeedRelease("v1");
        var asset = github.SeedAsset("v1", "a.csv", "x,y\n");
        using var http = StandInClients.Http(github, followRedirects: false);
        using var ask = new HttpRequestMessage(HttpMethod.Get, $"repos/acme/platform/releases/assets/{asset.Id}");
        ask.Headers.Accept.Clear();
        ask.Headers.TryAddWithoutValidation("Accept", "application/octet-stream");

        using var redirect = await http.SendAsync(ask);
        Assert.Equal(HttpStatusCode.Found, redirect.StatusCode);
        var location = redirect.Headers.Location!;

        using var withToken = await http.GetAsync(location);
        Assert.Equal(HttpStatusCode.BadRequest, withToken.StatusCode);
        using var plain = new HttpClient();
        Assert.Equal("x,y\n", await plain.GetStringAsync(location));
        using var forged = await plain.GetAsync(new Uri(location.AbsoluteUri.Replace("sig=", "sig=0", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
    }

    [Fact]
    public async Task Traffic_counts_requests_content_creating_ones_and_body_bytes_until_reset()
    {
        using var http = StandInClients.Http(github);
        var before = github.Traffic.Snapshot();

        using var created = await http.PostAsync("repos/acme/platform/git/blobs", new StringContent("""{"content":"hello"}"""));
        var sent = (await created.Content.ReadAsByteArrayAsync()).Length;
        using var read = await http.GetAsync("repos/acme/platform");
        var readBytes = (await read.Content.ReadAsByteArrayAsync()).Length;

        var spent = github.Traffic.Snapshot() - before;
        Assert.Equal((2L, 1L), (spent.Requests, spent.ContentCreatingRequests));
        Assert.Equal("""{"content":"hello"}""".Length, spent.BytesReceived);
        Assert.Equal(sent + readBytes, spent.BytesSent);
        Assert.Equal(1, spent.ByRoute["POST /repos/{owner}/{repo}/git/blobs"]);
        Assert.Equal(1, spent.RequestsTo("/git/"));

        github.Traffic.Reset();
        Assert.Equal(0, github.Traffic.Requests);
    }

    [Fact]
    public void Environment_points_a_child_process_at_the_stand_in()
    {
        var environment = github.Environment;

        Assert.Equal(github.BaseUrl.AbsoluteUri.TrimEnd('/'), environment["GITHUB_API_URL"]);
        Assert.StartsWith("http://127.0.0.1:", environment["GITHUB_API_URL"], StringComparison.Ordinal);
        Assert.Equal("acme/platform", environment["GITHUB_REPOSITORY"]);
        Assert.Equal(github.Token, environment["GH_TOKEN"]);
        var options = Platform.State.Stores.GitHub.GitHubStoreOptions.FromEnvironment(n => environment.GetValueOrDefault(n), allowPublicRepo: false);
        Assert.Equal((github.BaseUrl, "acme", "platform"), (options.ApiUrl, options.Owner, options.Repository));
    }

    [Fact]
    public async Task One_ref_is_read_by_name_among_thousands_of_tags_and_listed_in_pages()
    {
        github.SeedTags(4_000);
        using var http = StandInClients.Http(github);

        var main = JsonNode.Parse(await http.GetStringAsync("repos/acme/platform/git/ref/heads/main"))!;
        using var missing = await http.GetAsync("repos/acme/platform/git/ref/heads/platform-state");
        using var listed = await http.GetAsync("repos/acme/platform/git/matching-refs/tags/r-?per_page=100");

        Assert.Equal(("refs/heads/main", github.RefSha("refs/heads/main")), (main["ref"]!.GetValue<string>(), main["object"]!["sha"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(100, JsonNode.Parse(await listed.Content.ReadAsStringAsync())!.AsArray().Count);
        Assert.Contains("page=40>; rel=\"last\"", listed.Headers.GetValues("Link").Single(), StringComparison.Ordinal);
        Assert.Equal(4_000, github.Tags().Count);
    }

    [Fact]
    public async Task Another_repository_is_not_found()
    {
        using var http = StandInClients.Http(github);

        using var answer = await http.GetAsync("repos/acme/other/releases/tags/v1");

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    public void Dispose() => github.Dispose();
}
