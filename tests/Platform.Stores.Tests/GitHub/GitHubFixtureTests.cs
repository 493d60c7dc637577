using Platform.Domain.Errors;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.GitHub;

/// <summary>The release-store contract on the GitHub store, against recorded GitHub responses.</summary>
[Collection(FixturesServerCollection.Name)]
public sealed class GitHubFixtureTests(FixturesServer server) : ReleaseStoreContract
{
    private readonly List<GitHubReleaseStore> stores = [];

    /// <summary>The recordings' repositories are public: the store may only write there when told it may.</summary>
    private GitHubRestClient ClientFor(string scenario) =>
        new(new GitHubStoreOptions(server.Load(scenario), "octokit-fixture-org", scenario, FixturesServer.Token) { AllowPublicRepo = true },
            clock: new InstantDelays(refuse: true)); // the recordings hold no answer worth retrying

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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            stores.ForEach(s => s.Dispose());
        }
        base.Dispose(disposing);
    }
}
