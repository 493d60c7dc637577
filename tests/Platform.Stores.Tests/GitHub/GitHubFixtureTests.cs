using Platform.Domain.Errors;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.GitHub;

/// <summary>
/// The release-store contract on the GitHub store, against recorded GitHub responses. Where the store
/// asks as GitHub documents but the recordings predate (one ref, 100 a page), <see cref="RecordingTranslator"/>
/// answers from the recorded answers and keeps what the store sent, so its requests are checked too.
/// </summary>
[Collection(FixturesServerCollection.Name)]
public sealed class GitHubFixtureTests(FixturesServer server) : ReleaseStoreContract
{
    private readonly List<GitHubReleaseStore> stores = [];
    private readonly RecordingTranslator translator = new();

    /// <summary>The recordings' repositories are public: the store may only write there when told it may.</summary>
    private GitHubRestClient ClientFor(string scenario) =>
        new(new GitHubStoreOptions(server.Load(scenario), "octokit-fixture-org", scenario, FixturesServer.Token) { AllowPublicRepo = true },
            translator, new InstantDelays(refuse: true)); // the recordings hold no answer worth retrying, and too few writes to pace

    protected override IReleaseStore StoreFor(string scenario)
    {
        var store = new GitHubReleaseStore(ClientFor(scenario));
        stores.Add(store);
        return store;
    }

    protected override (string First, string Second) CommitsFor(IReleaseStore store) =>
        ("0000000000000000000000000000000000000002", "0000000000000000000000000000000000000001");

    [Fact]
    public void Refused_request_is_a_one_line_store_error_with_GitHubs_reason()
    {
        using var client = ClientFor("errors");

        var error = Assert.Throws<PlatformException>(() => client.Send(HttpMethod.Post, "repos/octokit-fixture-org/errors/labels",
            new System.Text.Json.Nodes.JsonObject { ["name"] = "foo", ["color"] = "invalid" }));

        Assert.Equal(ExitCode.StoreUnavailable, error.ExitCode);
        Assert.Contains("422", error.Message, StringComparison.Ordinal);
        Assert.Contains("Validation Failed (Label color invalid)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void One_ref_is_read_by_its_name_and_lists_ask_for_100_a_page()
    {
        Ref_is_created_once_moved_along_history_read_and_deleted();
        Uploaded_asset_is_listed_read_renamed_and_deleted();

        Assert.Equal(2, translator.Sent.Count(s => s.EndsWith("/repos/octokit-fixture-org/git-refs/git/ref/heads/test", StringComparison.Ordinal)));
        Assert.DoesNotContain(translator.Sent, s => s.Contains("/git/refs/", StringComparison.Ordinal) && s.StartsWith("GET", StringComparison.Ordinal));
        Assert.Contains(translator.Sent, s => s.EndsWith("/repos/octokit-fixture-org/release-assets/releases/1000/assets?per_page=100", StringComparison.Ordinal));
    }

    [Fact]
    public void A_list_follows_GitHubs_Link_header_to_its_last_page()
    {
        using var client = ClientFor("paginate-issues");

        var issues = client.GetAllPages("repos/octokit-fixture-org/paginate-issues/issues", pageSize: 3);

        Assert.Equal(13, issues.Count);
        Assert.Equal(5, translator.Sent.Count);
        Assert.EndsWith("/repositories/1000/issues?per_page=3&page=5", translator.Sent[^1], StringComparison.Ordinal);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stores.ForEach(s => s.Dispose());
            translator.Dispose();
        }
        base.Dispose(disposing);
    }
}
