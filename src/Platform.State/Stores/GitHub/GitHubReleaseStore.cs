using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.State.Stores.Releases;

namespace Platform.State.Stores.GitHub;

/// <summary>
/// GitHub Releases as a release store, plus the git-data calls the ref lease needs. Uploads go to
/// the <c>upload_url</c> GitHub returns with each release. Creating a release and uploading to a
/// public repository is refused unless <see cref="GitHubStoreOptions.AllowPublicRepo"/> is set:
/// billing state and purchased artifacts must not become world-readable by accident.
/// </summary>
public sealed class GitHubReleaseStore : IReleaseStore, IDisposable
{
    private readonly GitHubRestClient api;
    private readonly string repo;
    private bool? isPublic;

    public GitHubReleaseStore(GitHubRestClient api)
    {
        this.api = api;
        repo = api.Options.RepositoryPath;
    }

    public string Name => "github";

    public string Location => $"{api.Options.Owner}/{api.Options.Repository}";

    public bool FetchIsPublic() => isPublic ??= !(api.Send(HttpMethod.Get, repo).Body?["private"]?.GetValue<bool>() ?? false);

    public StoreRelease? GetRelease(string tag)
    {
        var reply = api.Send(HttpMethod.Get, $"{repo}/releases/tags/{Uri.EscapeDataString(StoreNames.Tag(tag))}", (JsonNode?)null, HttpStatusCode.NotFound);
        if (reply.Status == HttpStatusCode.NotFound)
        {
            // GitHub says 404 for a missing repository too: make sure it is only the release that is missing.
            api.Send(HttpMethod.Get, repo);
            return null;
        }
        return ToRelease(reply.Body);
    }

    public StoreRelease CreateRelease(string tag)
    {
        GuardPublic($"create release {tag}");
        var body = new JsonObject
        {
            ["tag_name"] = StoreNames.Tag(tag),
            ["name"] = tag,
            ["body"] = "Managed by the platform CLI.",
            ["draft"] = false,
            ["prerelease"] = false,
            // A state or artifact release must never become the repository's "latest" release.
            ["make_latest"] = "false",
        };
        var reply = api.Send(HttpMethod.Post, $"{repo}/releases", body, HttpStatusCode.UnprocessableEntity);
        if (reply.SaysAlreadyExists && reply.WasRepeated && GetRelease(tag) is { } ours)
        {
            return ours; // an earlier attempt created it and lost its answer
        }
        if (reply.SaysAlreadyExists)
        {
            throw PlatformException.Conflict($"release {tag} already exists in {api.Options.Owner}/{api.Options.Repository}");
        }
        return reply.IsSuccess ? ToRelease(reply.Body) : throw Refused("create release " + tag, reply);
    }

    public IReadOnlyList<StoreAsset> ListAssets(StoreRelease release) =>
        api.GetAllPages($"{repo}/releases/{release.Id}/assets").Select(ToAsset).OrderBy(a => a.Id).ToList();

    public StoreAsset? GetAsset(StoreRelease release, long assetId)
    {
        var reply = api.Send(HttpMethod.Get, $"{repo}/releases/assets/{assetId}", (JsonNode?)null, HttpStatusCode.NotFound);
        return reply.Status == HttpStatusCode.NotFound ? null : ToAsset(reply.Body);
    }

    public void DownloadAsset(StoreRelease release, StoreAsset asset, string destinationPath) =>
        api.Download($"{repo}/releases/assets/{asset.Id}", destinationPath);

    public StoreAsset UploadAsset(StoreRelease release, string name, string sourcePath, string? label = null)
    {
        GuardPublic($"upload {name}");
        var template = release.UploadUrl ?? ToRelease(api.Send(HttpMethod.Get, $"{repo}/releases/{release.Id}").Body).UploadUrl
            ?? throw PlatformException.StoreUnavailable($"GitHub gave no upload_url for release {release.Tag}");
        // upload_url is an RFC 6570 template ending in {?name,label}; only that form-style query is expanded.
        var braces = template.IndexOf('{', StringComparison.Ordinal);
        var url = (braces < 0 ? template : template[..braces]) + "?name=" + Uri.EscapeDataString(StoreNames.Asset(name))
            + (label is null ? "" : "&label=" + Uri.EscapeDataString(label));
        var mediaType = MediaTypeOf(name);
        HttpContent Content()
        {
            var content = new StreamContent(new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read));
            content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return content;
        }
        // Never sent again once GitHub may have acted on it: the caller looks first (StoreUploads).
        var reply = api.Upload(url, Content, HttpStatusCode.UnprocessableEntity);
        if (reply.SaysAlreadyExists)
        {
            throw PlatformException.Conflict($"asset {name} already exists in release {release.Tag}");
        }
        return reply.IsSuccess ? ToAsset(reply.Body) : throw Refused("upload " + name, reply);
    }

    public StoreAsset RenameAsset(StoreRelease release, StoreAsset asset, string newName, string? label = null)
    {
        var body = new JsonObject { ["name"] = StoreNames.Asset(newName) };
        if (label is not null)
        {
            body["label"] = label;
        }
        var reply = api.Send(HttpMethod.Patch, $"{repo}/releases/assets/{asset.Id}", body, HttpStatusCode.UnprocessableEntity);
        if (reply.SaysAlreadyExists)
        {
            throw PlatformException.Conflict($"asset {newName} already exists in release {release.Tag}");
        }
        return reply.IsSuccess ? ToAsset(reply.Body) : throw Refused("rename " + asset.Name, reply);
    }

    public void DeleteAsset(StoreRelease release, StoreAsset asset)
    {
        var reply = api.Send(HttpMethod.Delete, $"{repo}/releases/assets/{asset.Id}", (JsonNode?)null, HttpStatusCode.NotFound);
        if (!reply.IsSuccess && !reply.WasRepeated) // gone after a repeat: the earlier attempt deleted it and lost its answer
        {
            throw Refused($"delete asset {asset.Name}", reply);
        }
    }

    public GitRef? GetRef(string name)
    {
        // One ref, never the list: a repository can hold thousands of tags. GitHub answers 404 when no ref has exactly this name.
        var reply = api.Send(HttpMethod.Get, $"{repo}/git/ref/{RefPath(name)}", (JsonNode?)null, HttpStatusCode.NotFound);
        if (reply.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
        return reply.Body is JsonObject found && found["ref"]?.GetValue<string>() == name && found["object"]?["sha"]?.GetValue<string>() is { } sha
            ? new GitRef(name, sha)
            : throw Malformed("ref");
    }

    public bool TryCreateRef(string name, string sha)
    {
        var body = new JsonObject { ["ref"] = StoreNames.Ref(name), ["sha"] = sha };
        var reply = api.Send(HttpMethod.Post, $"{repo}/git/refs", body, HttpStatusCode.UnprocessableEntity);
        return reply.IsSuccess || (reply.SaysAlreadyExists ? false : throw Refused("create ref " + name, reply));
    }

    public bool TryFastForwardRef(string name, string sha)
    {
        // Without "force", GitHub moves the ref only along history: that makes this a compare-and-swap.
        // Sent again after a lost answer, it finds the ref already at sha: still a fast-forward, still true.
        var reply = api.Send(HttpMethod.Patch, $"{repo}/git/refs/{RefPath(name)}", new JsonObject { ["sha"] = sha }, HttpStatusCode.UnprocessableEntity, HttpStatusCode.NotFound);
        return reply.IsSuccess;
    }

    public void DeleteRef(string name)
    {
        var reply = api.Send(HttpMethod.Delete, $"{repo}/git/refs/{RefPath(name)}", (JsonNode?)null, HttpStatusCode.UnprocessableEntity, HttpStatusCode.NotFound);
        if (!reply.IsSuccess && !reply.WasRepeated) // gone after a repeat: the earlier attempt deleted it and lost its answer
        {
            throw Refused("delete ref " + name, reply);
        }
    }

    public string CreateCommit(string message, string? parentSha, IReadOnlyDictionary<string, string>? files = null)
    {
        var entries = new JsonArray();
        foreach (var (path, text) in files ?? new Dictionary<string, string> { ["LEASE"] = message })
        {
            entries.Add(new JsonObject { ["path"] = path, ["mode"] = "100644", ["type"] = "blob", ["content"] = text });
        }
        var treeSha = Sha(api.Send(HttpMethod.Post, $"{repo}/git/trees", new JsonObject { ["tree"] = entries }).Body);
        var commit = new JsonObject
        {
            ["message"] = message,
            ["tree"] = treeSha,
            ["parents"] = parentSha is null ? new JsonArray() : new JsonArray(parentSha),
        };
        return Sha(api.Send(HttpMethod.Post, $"{repo}/git/commits", commit).Body);
    }

    public GitCommit GetCommit(string sha)
    {
        var body = api.Send(HttpMethod.Get, $"{repo}/git/commits/{Uri.EscapeDataString(sha)}").Body;
        var parents = body?["parents"] as JsonArray;
        return new GitCommit(sha, body?["message"]?.GetValue<string>() ?? "",
            parents is { Count: > 0 } ? parents[0]?["sha"]?.GetValue<string>() : null);
    }

    public string ReadCommitFile(string commitSha, string path) =>
        api.GetText($"{repo}/contents/{string.Join('/', path.Split('/').Select(Uri.EscapeDataString))}?ref={Uri.EscapeDataString(commitSha)}");

    public void Dispose() => api.Dispose();

    private void GuardPublic(string what)
    {
        if (!api.Options.AllowPublicRepo && FetchIsPublic())
        {
            throw PlatformException.StoreUnavailable(
                $"refusing to {what}: {api.Options.Owner}/{api.Options.Repository} is public, so billing state and artifacts would be world-readable; pass --allow-public-repo to publish anyway");
        }
    }

    /// <summary>A checked full ref name without its <c>refs/</c>, each segment escaped: <c>heads/platform-state</c>.</summary>
    private static string RefPath(string name) =>
        string.Join('/', StoreNames.Ref(name).Split('/').Skip(1).Select(Uri.EscapeDataString));

    private PlatformException Refused(string what, GitHubReply reply) =>
        PlatformException.StoreUnavailable($"GitHub refused to {what} ({(int)reply.Status}): {reply.ErrorText}");

    private static string MediaTypeOf(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".txt" => "text/plain",
        ".csv" => "text/csv",
        ".json" => "application/json",
        _ => "application/octet-stream",
    };

    private static StoreRelease ToRelease(JsonNode? body) => new(
        body?["id"]?.GetValue<long>() ?? throw Malformed("release"),
        body["tag_name"]?.GetValue<string>() ?? throw Malformed("release"),
        body["upload_url"]?.GetValue<string>());

    private static StoreAsset ToAsset(JsonNode? body) => new(
        body?["id"]?.GetValue<long>() ?? throw Malformed("asset"),
        body["name"]?.GetValue<string>() ?? throw Malformed("asset"),
        body["size"]?.GetValue<long>() ?? 0,
        body["label"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body["label"]!.GetValue<string>() : null,
        // An upload GitHub broke off can stay behind as "starter": named, without its bytes.
        body["state"]?.GetValueKind() != System.Text.Json.JsonValueKind.String || body["state"]!.GetValue<string>() == "uploaded",
        body["created_at"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
            && DateTimeOffset.TryParse(body["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var created)
            ? created : null);

    private static string Sha(JsonNode? body) => body?["sha"]?.GetValue<string>() ?? throw Malformed("git object");

    private static PlatformException Malformed(string what) => PlatformException.StoreUnavailable($"GitHub answered with a malformed {what}");
}
