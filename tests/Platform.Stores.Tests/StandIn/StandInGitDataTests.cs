using System.Net;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;

namespace Platform.Stores.Tests.StandIn;

/// <summary>Refs, commits and the files in their trees through the product's GitHub store, on the stand-in.</summary>
public sealed class StandInGitDataTests : IDisposable
{
    private readonly GitHubStandIn github = GitHubStandIn.Start();

    [Fact]
    public void A_ref_moves_only_along_history()
    {
        using var store = StandInClients.Store(github);
        var first = store.CreateCommit("generation 1", null);
        var second = store.CreateCommit("generation 2", first);
        var sibling = store.CreateCommit("generation 2 by another writer", first);

        Assert.True(store.TryCreateRef("refs/heads/platform-state", first));
        Assert.False(store.TryCreateRef("refs/heads/platform-state", second));
        Assert.True(store.TryFastForwardRef("refs/heads/platform-state", second));
        Assert.False(store.TryFastForwardRef("refs/heads/platform-state", sibling));
        Assert.False(store.TryFastForwardRef("refs/heads/platform-state", first));
        Assert.Equal(second, github.RefSha("refs/heads/platform-state"));
        Assert.False(store.TryFastForwardRef("refs/heads/missing", second));
    }

    [Fact]
    public void A_commits_files_are_read_back_from_its_tree()
    {
        using var store = StandInClients.Store(github);
        var parent = store.CreateCommit("generation 1", null, new Dictionary<string, string> { ["manifest.json"] = "{}" });
        var files = new Dictionary<string, string> { ["manifest.json"] = """{"generation":2}""", ["generations/000002.json"] = "two" };

        var sha = store.CreateCommit("generation 2", parent, files);

        Assert.Equal("""{"generation":2}""", store.ReadCommitFile(sha, "manifest.json"));
        Assert.Equal("two", store.ReadCommitFile(sha, "generations/000002.json"));
        Assert.Equal(new Platform.State.Stores.Releases.GitCommit(sha, "generation 2", parent), store.GetCommit(sha));
        Assert.Equal(ExitCode.StoreUnavailable, Assert.Throws<PlatformException>(() => store.ReadCommitFile(sha, "missing.json")).ExitCode);
        Assert.Equal("{}"u8.ToArray(), github.ReadFile(parent, "manifest.json"));
    }

    [Fact]
    public async Task Trees_are_content_addressed_and_files_come_as_base64_json_or_raw()
    {
        using var http = StandInClients.Http(github);
        async Task<JsonNode> Tree(string content)
        {
            using var created = await http.PostAsync("repos/acme/platform/git/trees",
                new StringContent(new JsonObject { ["tree"] = new JsonArray(new JsonObject { ["path"] = "dir/a.txt", ["mode"] = "100644", ["type"] = "blob", ["content"] = content }) }.ToJsonString()));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            return JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        }

        var tree = await Tree("hello\n");
        Assert.Equal(tree["sha"]!.GetValue<string>(), (await Tree("hello\n"))["sha"]!.GetValue<string>());
        Assert.NotEqual(tree["sha"]!.GetValue<string>(), (await Tree("other\n"))["sha"]!.GetValue<string>());
        Assert.Equal(("dir", "tree"), (tree["tree"]![0]!["path"]!.GetValue<string>(), tree["tree"]![0]!["type"]!.GetValue<string>()));

        using var commit = await http.PostAsync("repos/acme/platform/git/commits",
            new StringContent(new JsonObject { ["message"] = "m", ["tree"] = tree["sha"]!.GetValue<string>(), ["parents"] = new JsonArray() }.ToJsonString()));
        var sha = JsonNode.Parse(await commit.Content.ReadAsStringAsync())!["sha"]!.GetValue<string>();
        var file = JsonNode.Parse(await http.GetStringAsync($"repos/acme/platform/contents/dir/a.txt?ref={sha}"))!;
        Assert.Equal(("file", "base64", "hello\n"), (file["type"]!.GetValue<string>(), file["encoding"]!.GetValue<string>(),
            System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(file["content"]!.GetValue<string>()))));

        using var raw = new HttpRequestMessage(HttpMethod.Get, $"repos/acme/platform/contents/dir/a.txt?ref={sha}");
        raw.Headers.Accept.ParseAdd("application/vnd.github.raw+json");
        using var rawAnswer = await http.SendAsync(raw);
        Assert.Equal("hello\n", await rawAnswer.Content.ReadAsStringAsync());
        using var missing = await http.GetAsync("repos/acme/platform/contents/dir/b.txt?ref=main");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public void Of_writers_racing_from_one_generation_exactly_one_moves_the_ref()
    {
        using var setup = StandInClients.Store(github);
        var root = setup.CreateCommit("generation 1", null);
        Assert.True(setup.TryCreateRef("refs/heads/platform-state", root));

        var won = new bool[16];
        Parallel.For(0, won.Length, new ParallelOptions { MaxDegreeOfParallelism = won.Length }, i =>
        {
            using var store = StandInClients.Store(github);
            var next = store.CreateCommit($"generation 2 by writer {i}", root, new Dictionary<string, string> { ["writer"] = $"{i}" });
            won[i] = store.TryFastForwardRef("refs/heads/platform-state", next);
        });

        var winner = Assert.Single(Enumerable.Range(0, won.Length), i => won[i]);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes($"{winner}"), github.ReadFile("refs/heads/platform-state", "writer"));
    }

    [Fact]
    public void One_ref_is_read_in_one_request_among_four_thousand_tags()
    {
        github.SeedTags(4_000);
        var head = github.RefSha("refs/heads/main")!;
        using var store = StandInClients.Store(github);
        Assert.True(store.TryCreateRef("refs/heads/platform-state", head));
        var before = github.Traffic.Snapshot();

        Assert.Equal(head, store.GetRef("refs/heads/platform-state")?.Sha);
        Assert.Null(store.GetRef("refs/heads/platform-lease"));

        var spent = github.Traffic.Snapshot() - before;
        Assert.Equal(2, spent.Requests);
        Assert.Equal(2, spent.ByRoute.GetValueOrDefault("GET /repos/{owner}/{repo}/git/ref/{*ref}"));
    }

    public void Dispose() => github.Dispose();
}
