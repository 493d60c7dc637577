using Platform.Domain.Errors;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;

namespace Platform.State.Stores;

/// <summary>
/// Turns <c>--store auto|local|github|none</c> (env PLATFORM_STORE) and <c>--store-dir</c>
/// (env PLATFORM_LOCAL_STORE_DIR) into an opened store. <c>auto</c> is github when a token and
/// GITHUB_REPOSITORY are set, else local. Options win over the environment.
/// </summary>
public static class StoreSelection
{
    public static readonly IReadOnlyList<string> Kinds = ["auto", "local", "github", "none"];

    public static string ResolveKind(string? storeOption, Func<string, string?> environment)
    {
        var kind = (NonEmpty(storeOption) ?? NonEmpty(environment("PLATFORM_STORE")) ?? "auto").ToLowerInvariant();
        if (!Kinds.Contains(kind))
        {
            throw PlatformException.BadInput(new Violation(null, null, "--store", kind, $"must be one of {string.Join(", ", Kinds)}"));
        }
        if (kind != "auto")
        {
            return kind;
        }
        var hasToken = NonEmpty(environment("GH_TOKEN")) is not null || NonEmpty(environment("GITHUB_TOKEN")) is not null;
        return hasToken && NonEmpty(environment("GITHUB_REPOSITORY")) is not null ? "github" : "local";
    }

    public static OpenedStore Open(string? storeOption, string? storeDirOption, string repoRoot, bool allowPublicRepo,
        Func<string, string?> environment, TimeProvider clock)
    {
        switch (ResolveKind(storeOption, environment))
        {
            case "none":
                return new OpenedStore("none", null, new NoStore(clock));
            case "github":
                var github = new GitHubReleaseStore(new GitHubRestClient(GitHubStoreOptions.FromEnvironment(environment, allowPublicRepo)));
                return new OpenedStore("github", github, ReleaseStoreBackend.GitHub(github, clock));
            default:
                var folder = NonEmpty(storeDirOption) ?? NonEmpty(environment("PLATFORM_LOCAL_STORE_DIR"));
                var local = new LocalReleaseStore(folder is null ? Path.Combine(repoRoot, LocalReleaseStore.DefaultFolder) : Path.GetFullPath(folder));
                return new OpenedStore("local", local, ReleaseStoreBackend.Local(local, clock));
        }
    }

    private static string? NonEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
