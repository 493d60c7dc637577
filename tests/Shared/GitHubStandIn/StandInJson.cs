using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Platform.Tests.Shared;

/// <summary>
/// GitHub's JSON representations, field for field as its REST docs show them (the uploader and
/// author objects included, so the bytes a listing costs are GitHub's, not a trimmed guess).
/// </summary>
internal sealed class StandInJson(StandInUrls urls)
{
    // The account GITHUB_TOKEN acts as; written verbatim wherever GitHub embeds a user.
    private static readonly byte[] Bot = Encoding.UTF8.GetBytes("""
        {"login":"github-actions[bot]","id":41898282,"node_id":"MDM6Qm90NDE4OTgyODI=","avatar_url":"https://avatars.githubusercontent.com/in/15368?v=4","gravatar_id":"","url":"https://api.github.com/users/github-actions%5Bbot%5D","html_url":"https://github.com/apps/github-actions","followers_url":"https://api.github.com/users/github-actions%5Bbot%5D/followers","following_url":"https://api.github.com/users/github-actions%5Bbot%5D/following{/other_user}","gists_url":"https://api.github.com/users/github-actions%5Bbot%5D/gists{/gist_id}","starred_url":"https://api.github.com/users/github-actions%5Bbot%5D/starred{/owner}{/repo}","subscriptions_url":"https://api.github.com/users/github-actions%5Bbot%5D/subscriptions","organizations_url":"https://api.github.com/users/github-actions%5Bbot%5D/orgs","repos_url":"https://api.github.com/users/github-actions%5Bbot%5D/repos","events_url":"https://api.github.com/users/github-actions%5Bbot%5D/events{/privacy}","received_events_url":"https://api.github.com/users/github-actions%5Bbot%5D/received_events","type":"Bot","user_view_type":"public","site_admin":false}
        """.Trim());

    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }
        return buffer.ToArray();
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string NodeId(string kind, string id) => kind + "_" + Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=');

    public byte[] Repository(StandInRepository repository, string defaultBranch) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("id", repository.Id);
        w.WriteString("node_id", NodeId("R", repository.Id.ToString(CultureInfo.InvariantCulture)));
        w.WriteString("name", urls.Repo);
        w.WriteString("full_name", $"{urls.Owner}/{urls.Repo}");
        w.WriteBoolean("private", repository.Private);
        w.WritePropertyName("owner");
        w.WriteRawValue(Bot);
        w.WriteString("html_url", urls.Html());
        w.WriteString("url", urls.RepoApi());
        w.WriteString("releases_url", urls.RepoApi("releases{/id}"));
        w.WriteString("git_refs_url", urls.RepoApi("git/refs{/sha}"));
        w.WriteBoolean("fork", false);
        w.WriteString("visibility", repository.Private ? "private" : "public");
        w.WriteString("default_branch", defaultBranch);
        w.WriteEndObject();
    });

    public void Release(Utf8JsonWriter w, StandInRelease release, IReadOnlyList<StandInAsset> assets)
    {
        w.WriteStartObject();
        w.WriteString("url", urls.RepoApi($"releases/{release.Id}"));
        w.WriteString("assets_url", urls.RepoApi($"releases/{release.Id}/assets"));
        w.WriteString("upload_url", urls.Api($"uploads/repos/{urls.Owner}/{urls.Repo}/releases/{release.Id}/assets") + "{?name,label}");
        w.WriteString("html_url", urls.Html($"releases/tag/{Uri.EscapeDataString(release.Tag)}"));
        w.WriteNumber("id", release.Id);
        w.WritePropertyName("author");
        w.WriteRawValue(Bot);
        w.WriteString("node_id", NodeId("RE", release.Id.ToString(CultureInfo.InvariantCulture)));
        w.WriteString("tag_name", release.Tag);
        w.WriteString("target_commitish", release.TargetCommitish);
        w.WriteString("name", release.Name);
        w.WriteBoolean("draft", release.Draft);
        w.WriteBoolean("immutable", false);
        w.WriteBoolean("prerelease", release.Prerelease);
        w.WriteString("created_at", Time(release.CreatedAt));
        w.WriteString("updated_at", Time(release.CreatedAt));
        if (release.Draft)
        {
            w.WriteNull("published_at");
        }
        else
        {
            w.WriteString("published_at", Time(release.CreatedAt));
        }
        w.WriteStartArray("assets");
        foreach (var asset in assets)
        {
            Asset(w, asset, release.Tag);
        }
        w.WriteEndArray();
        w.WriteString("tarball_url", urls.RepoApi($"tarball/{Uri.EscapeDataString(release.Tag)}"));
        w.WriteString("zipball_url", urls.RepoApi($"zipball/{Uri.EscapeDataString(release.Tag)}"));
        w.WriteString("body", release.Body);
        w.WriteEndObject();
    }

    public void Asset(Utf8JsonWriter w, StandInAsset asset, string tag)
    {
        w.WriteStartObject();
        w.WriteString("url", urls.RepoApi($"releases/assets/{asset.Id}"));
        w.WriteNumber("id", asset.Id);
        w.WriteString("node_id", NodeId("RA", asset.Id.ToString(CultureInfo.InvariantCulture)));
        w.WriteString("name", asset.Name);
        w.WriteString("label", asset.Label ?? "");
        w.WritePropertyName("uploader");
        w.WriteRawValue(Bot);
        w.WriteString("content_type", asset.ContentType);
        w.WriteString("state", asset.State);
        w.WriteNumber("size", asset.Size);
        if (asset.Digest is null)
        {
            w.WriteNull("digest");
        }
        else
        {
            w.WriteString("digest", asset.Digest);
        }
        w.WriteNumber("download_count", 0);
        w.WriteString("created_at", Time(asset.CreatedAt));
        w.WriteString("updated_at", Time(asset.UpdatedAt));
        w.WriteString("browser_download_url", urls.Api($"{urls.Owner}/{urls.Repo}/releases/download/{Uri.EscapeDataString(tag)}/{Uri.EscapeDataString(asset.Name)}"));
        w.WriteEndObject();
    }

    public void Ref(Utf8JsonWriter w, string name, string sha)
    {
        w.WriteStartObject();
        w.WriteString("ref", name);
        w.WriteString("node_id", NodeId("REF", name));
        w.WriteString("url", urls.RepoApi("git/" + name));
        w.WriteStartObject("object");
        w.WriteString("sha", sha);
        w.WriteString("type", "commit");
        w.WriteString("url", urls.RepoApi("git/commits/" + sha));
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public byte[] Commit(StandInCommit commit) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("sha", commit.Sha);
        w.WriteString("node_id", NodeId("C", commit.Sha));
        w.WriteString("url", urls.RepoApi("git/commits/" + commit.Sha));
        w.WriteString("html_url", urls.Html("commit/" + commit.Sha));
        foreach (var role in new[] { "author", "committer" })
        {
            w.WriteStartObject(role);
            w.WriteString("name", "github-actions[bot]");
            w.WriteString("email", "41898282+github-actions[bot]@users.noreply.github.com");
            w.WriteString("date", Time(commit.Date));
            w.WriteEndObject();
        }
        w.WriteStartObject("tree");
        w.WriteString("sha", commit.Tree);
        w.WriteString("url", urls.RepoApi("git/trees/" + commit.Tree));
        w.WriteEndObject();
        w.WriteString("message", commit.Message);
        w.WriteStartArray("parents");
        foreach (var parent in commit.Parents)
        {
            w.WriteStartObject();
            w.WriteString("sha", parent);
            w.WriteString("url", urls.RepoApi("git/commits/" + parent));
            w.WriteString("html_url", urls.Html("commit/" + parent));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("verification");
        w.WriteBoolean("verified", false);
        w.WriteString("reason", "unsigned");
        w.WriteNull("signature");
        w.WriteNull("payload");
        w.WriteNull("verified_at");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary>A tree's entries: its own files and directories, or with <paramref name="recursive"/> every file and directory below it.</summary>
    public byte[] Tree(StandInTree tree, Func<string, StandInTree> directory, bool recursive) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("sha", tree.Sha);
        w.WriteString("url", urls.RepoApi("git/trees/" + tree.Sha));
        w.WriteStartArray("tree");
        foreach (var (path, isDirectory) in Entries(tree, recursive))
        {
            w.WriteStartObject();
            w.WriteString("path", path);
            if (isDirectory)
            {
                var sha = directory(path).Sha;
                w.WriteString("mode", "040000");
                w.WriteString("type", "tree");
                w.WriteString("sha", sha);
                w.WriteString("url", urls.RepoApi("git/trees/" + sha));
            }
            else
            {
                var file = tree.Files[path];
                w.WriteString("mode", file.Mode);
                w.WriteString("type", "blob");
                w.WriteString("sha", file.Sha);
                w.WriteNumber("size", file.Size);
                w.WriteString("url", urls.RepoApi("git/blobs/" + file.Sha));
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteBoolean("truncated", false);
        w.WriteEndObject();
    });

    /// <summary>The contents API's answer for a file; GitHub leaves <c>content</c> empty (encoding <c>none</c>) above 1 MiB.</summary>
    public void ContentFile(Utf8JsonWriter w, string path, StandInTreeFile file, byte[]? content, string commitish)
    {
        w.WriteStartObject();
        w.WriteString("name", path[(path.LastIndexOf('/') + 1)..]);
        w.WriteString("path", path);
        w.WriteString("sha", file.Sha);
        w.WriteNumber("size", file.Size);
        w.WriteString("url", urls.RepoApi($"contents/{path}?ref={Uri.EscapeDataString(commitish)}"));
        w.WriteString("html_url", urls.Html($"blob/{commitish}/{path}"));
        w.WriteString("git_url", urls.RepoApi("git/blobs/" + file.Sha));
        w.WriteNull("download_url");
        w.WriteString("type", "file");
        if (content is not null)
        {
            var inline = content.Length <= 1024 * 1024;
            w.WriteString("content", inline ? Base64Lines(content) : "");
            w.WriteString("encoding", inline ? "base64" : "none");
        }
        w.WriteEndObject();
    }

    /// <summary>A directory as the contents API lists it among a folder's entries.</summary>
    public void ContentDirectory(Utf8JsonWriter w, string path, string sha, string commitish)
    {
        w.WriteStartObject();
        w.WriteString("name", path[(path.LastIndexOf('/') + 1)..]);
        w.WriteString("path", path);
        w.WriteString("sha", sha);
        w.WriteNumber("size", 0);
        w.WriteString("url", urls.RepoApi($"contents/{path}?ref={Uri.EscapeDataString(commitish)}"));
        w.WriteString("html_url", urls.Html($"tree/{commitish}/{path}"));
        w.WriteString("git_url", urls.RepoApi("git/trees/" + sha));
        w.WriteNull("download_url");
        w.WriteString("type", "dir");
        w.WriteEndObject();
    }

    public byte[] Blob(string sha, byte[] content) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("sha", sha);
        w.WriteString("node_id", NodeId("B", sha));
        w.WriteNumber("size", content.Length);
        w.WriteString("url", urls.RepoApi("git/blobs/" + sha));
        w.WriteString("content", Base64Lines(content));
        w.WriteString("encoding", "base64");
        w.WriteEndObject();
    });

    /// <summary>The paths a tree lists: files and first-level directories, or everything with <paramref name="recursive"/>.</summary>
    public static IEnumerable<(string Path, bool IsDirectory)> Entries(StandInTree tree, bool recursive)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in tree.Files.Keys)
        {
            var parts = path.Split('/');
            for (var depth = 1; depth < parts.Length && (recursive || depth == 1); depth++)
            {
                var directory = string.Join('/', parts[..depth]);
                if (seen.Add(directory))
                {
                    yield return (directory, true);
                }
            }
            if (recursive || parts.Length == 1)
            {
                yield return (path, false);
            }
        }
    }

    /// <summary>Base64 broken into lines of 60 characters, as GitHub sends file content.</summary>
    private static string Base64Lines(byte[] content)
    {
        var text = Convert.ToBase64String(content);
        var lines = new StringBuilder(text.Length + text.Length / 60 + 1);
        for (var i = 0; i < text.Length; i += 60)
        {
            lines.Append(text, i, Math.Min(60, text.Length - i)).Append('\n');
        }
        return lines.ToString();
    }
}

/// <summary>The stand-in's URLs: the API base (GITHUB_API_URL), the repository's API and HTML addresses.</summary>
internal sealed record StandInUrls(string Base, string Owner, string Repo, long RepoId)
{
    public string Api(string path) => $"{Base}/{path}";

    public string RepoApi(string? path = null) => path is null ? $"{Base}/repos/{Owner}/{Repo}" : $"{Base}/repos/{Owner}/{Repo}/{path}";

    /// <summary>Where GitHub's own Link headers point: the repository by its numeric ID.</summary>
    public string ById(string path) => $"{Base}/repositories/{RepoId}/{path}";

    public string Html(string? path = null) => path is null ? $"https://github.com/{Owner}/{Repo}" : $"https://github.com/{Owner}/{Repo}/{path}";
}
