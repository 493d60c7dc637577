using Platform.State.Stores.GitHub;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Releases;

namespace Platform.Stores.Tests.StandIn;

/// <summary>The release-store contract on the GitHub store, against the stateful GitHub stand-in.</summary>
public sealed class StandInContractTests : ReleaseStoreContract
{
    private readonly List<IDisposable> owned = [];

    protected override IReleaseStore StoreFor(string scenario)
    {
        var github = GitHubStandIn.Start();
        owned.Add(github);
        if (scenario.StartsWith("release-assets", StringComparison.Ordinal))
        {
            github.SeedRelease("v1.0.0");
            if (scenario == "release-assets-conflict")
            {
                github.SeedAsset("v1.0.0", "test-upload.txt", "Hello, world!\n", "test");
            }
        }
        var store = StandInClients.Store(github);
        owned.Add(store);
        return store;
    }

    protected override (string First, string Second) CommitsFor(IReleaseStore store)
    {
        var first = store.CreateCommit("first", null);
        return (first, store.CreateCommit("second", first));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            owned.AsEnumerable().Reverse().ToList().ForEach(d => d.Dispose());
        }
        base.Dispose(disposing);
    }
}
