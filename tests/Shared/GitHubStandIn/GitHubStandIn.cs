using System.Text;

namespace Platform.Tests.Shared;

/// <summary>
/// A stateful stand-in for GitHub's REST API on 127.0.0.1: one repository with releases, assets,
/// refs and git objects, answering as GitHub's docs say (pagination, 302 downloads, 422s, rate-limit
/// headers), with faults to inject and traffic to count. Thread-safe; start one per test:
/// <code>using var github = GitHubStandIn.Start();</code>
/// then point a client at <see cref="BaseUrl"/>, or a child process at <see cref="Environment"/>.
/// </summary>
public sealed class GitHubStandIn : IDisposable
{
    private readonly StandInServer server;
    private readonly StandInRepository repository;
    private readonly StandInFaultState faults;
    private readonly GitHubStandInOptions options;

    private GitHubStandIn(GitHubStandInOptions options)
    {
        this.options = options;
        repository = new StandInRepository(options);
        faults = new StandInFaultState(options.Faults);
        StandInPipeline? pipeline = null;
        server = StandInServer.Start(request => pipeline!.Answer(request), options.MaxRequestBytes);
        var urls = new StandInUrls(server.BaseUrl, options.Owner, options.Repo, repository.Id);
        var json = new StandInJson(urls);
        var routes = new List<StandInRoute>();
        pipeline = new StandInPipeline(options, urls, routes, Traffic, faults, new StandInLimits(options.Clock, options.PrimaryLimit));
        routes.AddRange(new ReleaseEndpoints(repository, json, urls, faults, options.Clock, options.DefaultBranch, pipeline.Authorized).Routes());
        routes.AddRange(new GitDataEndpoints(repository, json, urls).Routes());
        BaseUrl = new Uri(server.BaseUrl);
    }

    public static GitHubStandIn Start(GitHubStandInOptions? options = null) => new(options ?? new GitHubStandInOptions());

    /// <summary>The API's base URL (<c>http://127.0.0.1:&lt;port&gt;</c>), as GITHUB_API_URL gives it.</summary>
    public Uri BaseUrl { get; }

    public string Owner => options.Owner;

    public string Repo => options.Repo;

    /// <summary><c>owner/repo</c>, as GITHUB_REPOSITORY gives it.</summary>
    public string Repository => $"{options.Owner}/{options.Repo}";

    public string Token => options.Token;

    /// <summary>What a child process needs to use the stand-in: GITHUB_API_URL, GITHUB_REPOSITORY, GH_TOKEN.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["GITHUB_API_URL"] = BaseUrl.AbsoluteUri.TrimEnd('/'),
        ["GITHUB_REPOSITORY"] = Repository,
        ["GH_TOKEN"] = Token,
    };

    public StandInTraffic Traffic { get; } = new();

    /// <summary>The faults in force; setting new ones also restarts the ordinals their odds count.</summary>
    public StandInFaults Faults
    {
        get => faults.Current;
        set => faults.Current = value;
    }

    /// <summary>What <c>GET /repos/{owner}/{repo}</c> answers under <c>private</c>.</summary>
    public bool Private
    {
        get => repository.Private;
        set => repository.Private = value;
    }

    // ---- inspecting and arranging state (no HTTP, nothing counted) ----

    public IReadOnlyList<StandInRelease> Releases() => repository.Releases().Select(r => r.Release).ToList();

    public StandInRelease? Release(string tag) => repository.ReleaseByTag(tag)?.Release;

    /// <summary>The assets of the release with this tag, bytes and state included, in ID order; empty when there is no such release.</summary>
    public IReadOnlyList<StandInAsset> Assets(string tag) => repository.ReleaseByTag(tag)?.Assets ?? [];

    /// <summary>The SHA a ref points at (full name, e.g. <c>refs/heads/platform-state</c>), or null.</summary>
    public string? RefSha(string fullName) => repository.RefSha(fullName);

    /// <summary>Every tag name, in order.</summary>
    public IReadOnlyList<string> Tags() => repository.Refs(r => r.StartsWith("refs/tags/", StringComparison.Ordinal)).Select(r => r.Key["refs/tags/".Length..]).ToList();

    /// <summary>Every ref with its SHA, in name order.</summary>
    public IReadOnlyDictionary<string, string> Refs() => repository.Refs(_ => true).ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);

    public StandInCommit? Commit(string sha) => repository.Commit(sha);

    /// <summary>A file's bytes in a commit (or the commit a branch, tag or ref names); null when either is missing.</summary>
    public byte[]? ReadFile(string commitish, string path)
    {
        var sha = repository.ResolveCommitish(commitish);
        var tree = sha is null ? null : repository.Tree(repository.Commit(sha)!.Tree);
        return tree is not null && tree.Files.TryGetValue(path, out var file) ? repository.Blob(file.Sha) : null;
    }

    /// <summary>Creates a published release (and its tag) without a request.</summary>
    public StandInRelease SeedRelease(string tag) => repository.CreateRelease(tag, tag, "", draft: false, prerelease: false, target: null);

    /// <summary>Adds an asset to the release with this tag without a request; <paramref name="complete"/> false leaves a starter.</summary>
    public StandInAsset SeedAsset(string tag, string name, byte[] content, string? label = null, bool complete = true) =>
        repository.AddAsset(Release(tag)?.Id ?? throw new ArgumentException($"no release {tag}", nameof(tag)), name, label, "application/octet-stream", content, complete);

    public StandInAsset SeedAsset(string tag, string name, string text, string? label = null) => SeedAsset(tag, name, Encoding.UTF8.GetBytes(text), label);

    /// <summary>Adds <paramref name="count"/> tags <c>&lt;prefix&gt;0000</c>… on the default branch, as a busy repository holds.</summary>
    public void SeedTags(int count, string prefix = "r-") => repository.SeedTags(count, prefix);

    public void Dispose() => server.Dispose();
}
