using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Platform.Tests.Shared;

/// <summary>
/// The one repository the stand-in hosts: releases with their assets, refs and git objects, all
/// behind one lock (requests are short; the bytes of an upload are read before it is taken).
/// Refusals are thrown as the <see cref="GitHubError"/> GitHub answers with.
/// </summary>
internal sealed class StandInRepository
{
    private const string RefDocs = "https://docs.github.com/rest/git/refs";

    private readonly object gate = new();
    private readonly GitHubStandInOptions options;
    private readonly Dictionary<long, (StandInRelease Release, List<StandInAsset> Assets)> releases = [];
    private readonly Dictionary<long, long> releaseOfAsset = [];
    private readonly SortedDictionary<string, string> refs = new(StringComparer.Ordinal);
    private readonly StandInGitObjects objects = new();
    private long nextReleaseId;
    private long nextAssetId;
    private volatile bool isPrivate;

    public StandInRepository(GitHubStandInOptions options)
    {
        this.options = options;
        isPrivate = options.Private;
        nextReleaseId = options.FirstReleaseId;
        nextAssetId = options.FirstAssetId;
        var readme = objects.PutBlob(Encoding.UTF8.GetBytes($"# {options.Repo}\n"));
        var tree = objects.PutTree(new Dictionary<string, StandInTreeFile> { ["README.md"] = new("100644", readme, options.Repo.Length + 3) });
        refs["refs/heads/" + options.DefaultBranch] = objects.PutCommit("Initial commit", tree.Sha, [], Now).Sha;
        SeedTags(options.ExtraTags, options.ExtraTagPrefix);
    }

    public long Id { get; } = 700_000_001;

    public bool Private
    {
        get => isPrivate;
        set => isPrivate = value;
    }

    private DateTimeOffset Now => options.Clock.GetUtcNow();

    // ---- releases and assets ----

    public StandInRelease CreateRelease(string tag, string name, string body, bool draft, bool prerelease, string? target)
    {
        if (!IsValidRefPart(tag))
        {
            throw GitHubError.Validation("Release", "custom", "tag_name", "tag_name is not a valid tag");
        }
        lock (gate)
        {
            if (releases.Values.Any(r => r.Release.Tag == tag))
            {
                throw GitHubError.Validation("Release", "already_exists", "tag_name");
            }
            var commitish = target ?? options.DefaultBranch;
            // A published release needs its tag; GitHub makes it from target_commitish when it is missing.
            if (!draft && !refs.ContainsKey("refs/tags/" + tag))
            {
                refs["refs/tags/" + tag] = ResolveLocked(commitish) ?? throw GitHubError.Validation("Release", "invalid", "target_commitish");
            }
            var release = new StandInRelease(nextReleaseId++, tag, name, body, draft, prerelease, commitish, Now);
            releases[release.Id] = (release, []);
            return release;
        }
    }

    public (StandInRelease Release, IReadOnlyList<StandInAsset> Assets)? Release(long id)
    {
        lock (gate)
        {
            return releases.TryGetValue(id, out var entry) ? (entry.Release, [.. entry.Assets]) : null;
        }
    }

    /// <summary>The published release with this tag (GitHub does not find drafts by tag).</summary>
    public (StandInRelease Release, IReadOnlyList<StandInAsset> Assets)? ReleaseByTag(string tag)
    {
        lock (gate)
        {
            var entry = releases.Values.FirstOrDefault(r => r.Release.Tag == tag && !r.Release.Draft);
            return entry.Release is null ? null : (entry.Release, [.. entry.Assets]);
        }
    }

    /// <summary>Every release, newest first, as GitHub lists them.</summary>
    public IReadOnlyList<(StandInRelease Release, IReadOnlyList<StandInAsset> Assets)> Releases()
    {
        lock (gate)
        {
            return releases.Values.OrderByDescending(r => r.Release.Id).Select(r => (r.Release, (IReadOnlyList<StandInAsset>)[.. r.Assets])).ToList();
        }
    }

    /// <summary>Deletes the release and its assets; its tag stays, as on GitHub.</summary>
    public bool DeleteRelease(long id)
    {
        lock (gate)
        {
            if (!releases.Remove(id, out var entry))
            {
                return false;
            }
            entry.Assets.ForEach(a => releaseOfAsset.Remove(a.Id));
            return true;
        }
    }

    public (StandInAsset Asset, StandInRelease Release)? Asset(long id)
    {
        lock (gate)
        {
            return releaseOfAsset.TryGetValue(id, out var releaseId) && releases[releaseId] is var entry
                ? (entry.Assets.First(a => a.Id == id), entry.Release)
                : null;
        }
    }

    /// <summary>Adds an asset under a new ID: complete with its bytes, or a <c>starter</c> without them.</summary>
    public StandInAsset AddAsset(long releaseId, string name, string? label, string contentType, byte[] content, bool complete)
    {
        lock (gate)
        {
            var entry = releases.TryGetValue(releaseId, out var found) ? found : throw GitHubError.NotFound();
            if (entry.Assets.Any(a => a.Name == name))
            {
                throw GitHubError.Validation("ReleaseAsset", "already_exists", "name");
            }
            if (entry.Assets.Count >= options.MaxAssetsPerRelease)
            {
                throw GitHubError.Validation("ReleaseAsset", "custom", "file_count", $"file_count limited to {options.MaxAssetsPerRelease} assets per release");
            }
            var now = Now;
            var asset = new StandInAsset(nextAssetId++, releaseId, name, label, complete ? StandInAsset.Uploaded : StandInAsset.Starter,
                contentType, complete ? content : ReadOnlyMemory<byte>.Empty, now, now)
            {
                Digest = complete ? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content)) : null,
            };
            entry.Assets.Add(asset);
            releaseOfAsset[asset.Id] = releaseId;
            return asset;
        }
    }

    /// <summary>Renames and/or relabels an asset; a name another asset of the release holds is refused.</summary>
    public StandInAsset UpdateAsset(long id, string? name, string? label)
    {
        lock (gate)
        {
            var entry = releaseOfAsset.TryGetValue(id, out var releaseId) ? releases[releaseId] : throw GitHubError.NotFound();
            var index = entry.Assets.FindIndex(a => a.Id == id);
            if (name is not null && entry.Assets.Any(a => a.Name == name && a.Id != id))
            {
                throw GitHubError.Validation("ReleaseAsset", "already_exists", "name");
            }
            var asset = entry.Assets[index] with { Name = name ?? entry.Assets[index].Name, Label = label ?? entry.Assets[index].Label, UpdatedAt = Now };
            entry.Assets[index] = asset;
            return asset;
        }
    }

    public bool DeleteAsset(long id)
    {
        lock (gate)
        {
            if (!releaseOfAsset.Remove(id, out var releaseId))
            {
                return false;
            }
            releases[releaseId].Assets.RemoveAll(a => a.Id == id);
            return true;
        }
    }

    // ---- refs ----

    public string? RefSha(string fullName)
    {
        lock (gate)
        {
            return refs.GetValueOrDefault(fullName);
        }
    }

    /// <summary>The refs <paramref name="matches"/> accepts, in name order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Refs(Func<string, bool> matches)
    {
        lock (gate)
        {
            return refs.Where(r => matches(r.Key)).ToList();
        }
    }

    public void CreateRef(string fullName, string sha)
    {
        var parts = fullName.Split('/');
        if (parts.Length < 3 || parts[0] != "refs" || !parts.Skip(1).All(IsValidRefPart))
        {
            throw GitHubError.Of(422, "Reference name must start with 'refs/' and have at least two slashes.", RefDocs + "#create-a-reference");
        }
        lock (gate)
        {
            if (objects.Commit(sha) is null)
            {
                throw GitHubError.Of(422, "Object does not exist", RefDocs + "#create-a-reference");
            }
            if (!refs.TryAdd(fullName, sha))
            {
                throw GitHubError.Of(422, "Reference already exists", RefDocs + "#create-a-reference");
            }
        }
    }

    /// <summary>Moves a ref; without <paramref name="force"/> only to a commit that descends from its current one (a compare-and-swap).</summary>
    public void UpdateRef(string fullName, string sha, bool force)
    {
        lock (gate)
        {
            var current = refs.GetValueOrDefault(fullName) ?? throw GitHubError.Of(422, "Reference does not exist", RefDocs + "#update-a-reference");
            if (objects.Commit(sha) is null)
            {
                throw GitHubError.Of(422, "Object does not exist", RefDocs + "#update-a-reference");
            }
            if (!force && !objects.Descends(sha, current))
            {
                throw GitHubError.Of(422, "Update is not a fast forward", RefDocs + "#update-a-reference");
            }
            refs[fullName] = sha;
        }
    }

    public void DeleteRef(string fullName)
    {
        lock (gate)
        {
            if (!refs.Remove(fullName))
            {
                throw GitHubError.Of(422, "Reference does not exist", RefDocs + "#delete-a-reference");
            }
        }
    }

    /// <summary>Adds <paramref name="count"/> tags named <paramref name="prefix"/> and a zero-padded number, on the default branch's commit.</summary>
    public void SeedTags(int count, string prefix)
    {
        lock (gate)
        {
            var head = refs["refs/heads/" + options.DefaultBranch];
            var digits = Math.Max(4, count.ToString(CultureInfo.InvariantCulture).Length);
            for (var i = 0; i < count; i++)
            {
                refs.TryAdd($"refs/tags/{prefix}{i.ToString("D" + digits, CultureInfo.InvariantCulture)}", head);
            }
        }
    }

    // ---- git objects ----

    public string CreateBlob(byte[] content)
    {
        lock (gate)
        {
            return objects.PutBlob(content);
        }
    }

    public byte[]? Blob(string sha)
    {
        lock (gate)
        {
            return objects.Blob(sha);
        }
    }

    public StandInTree? Tree(string sha)
    {
        lock (gate)
        {
            return objects.Tree(sha);
        }
    }

    public StandInCommit? Commit(string sha)
    {
        lock (gate)
        {
            return objects.Commit(sha);
        }
    }

    /// <summary>
    /// A tree from <paramref name="baseTree"/>'s files (if any) changed by <paramref name="changes"/>:
    /// content becomes a new blob, a SHA names an existing blob, and a null SHA removes the path.
    /// </summary>
    public StandInTree CreateTree(string? baseTree, IReadOnlyList<(string Path, string Mode, string? Sha, byte[]? Content)> changes)
    {
        lock (gate)
        {
            var files = new Dictionary<string, StandInTreeFile>(StringComparer.Ordinal);
            if (baseTree is not null)
            {
                var known = objects.Tree(baseTree) ?? throw GitHubError.Validation("Tree", "invalid", "base_tree", "base_tree is not a valid tree oid");
                foreach (var (path, file) in known.Files)
                {
                    files[path] = file;
                }
            }
            foreach (var (path, mode, sha, content) in changes)
            {
                if (content is not null)
                {
                    files[path] = new StandInTreeFile(mode, objects.PutBlob(content), content.Length);
                }
                else if (sha is null)
                {
                    files.Remove(path);
                    files.Keys.Where(p => p.StartsWith(path + "/", StringComparison.Ordinal)).ToList().ForEach(p => files.Remove(p));
                }
                else
                {
                    var blob = objects.Blob(sha) ?? throw GitHubError.Of(422, $"tree.sha {sha} is not a valid blob", "https://docs.github.com/rest/git/trees#create-a-tree");
                    files[path] = new StandInTreeFile(mode, sha, blob.Length);
                }
            }
            return objects.PutTree(files);
        }
    }

    public StandInCommit CreateCommit(string message, string tree, IReadOnlyList<string> parents)
    {
        lock (gate)
        {
            if (objects.Tree(tree) is null)
            {
                throw GitHubError.Of(422, "Tree SHA does not exist", "https://docs.github.com/rest/git/commits#create-a-commit");
            }
            if (parents.Any(p => objects.Commit(p) is null))
            {
                throw GitHubError.Of(422, "Parent SHA does not exist or is not a commit object", "https://docs.github.com/rest/git/commits#create-a-commit");
            }
            return objects.PutCommit(message, tree, parents, Now);
        }
    }

    /// <summary>The commit a ref parameter names: a commit SHA, a branch, a tag, or a ref below <c>refs/</c>; null when none.</summary>
    public string? ResolveCommitish(string? commitish)
    {
        lock (gate)
        {
            return ResolveLocked(commitish ?? options.DefaultBranch);
        }
    }

    private string? ResolveLocked(string commitish) =>
        objects.Commit(commitish) is not null ? commitish
        : refs.GetValueOrDefault("refs/heads/" + commitish) ?? refs.GetValueOrDefault("refs/tags/" + commitish)
            ?? refs.GetValueOrDefault(commitish.StartsWith("refs/", StringComparison.Ordinal) ? commitish : "refs/" + commitish);

    /// <summary>A part of a ref name as <c>git check-ref-format</c> accepts it.</summary>
    private static bool IsValidRefPart(string part) =>
        part.Length > 0 && !part.StartsWith('.') && !part.EndsWith(".lock", StringComparison.Ordinal) && !part.Contains("..", StringComparison.Ordinal)
        && !part.Contains("@{", StringComparison.Ordinal) && part != "@"
        && part.All(c => c > ' ' && c != 0x7f && c is not ('~' or '^' or ':' or '?' or '*' or '[' or '\\'));
}
