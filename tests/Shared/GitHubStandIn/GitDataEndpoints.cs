using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Platform.Tests.Shared;

/// <summary>
/// The git data endpoints (refs, trees, blobs, commits) and the contents API. A ref update without
/// <c>force</c> is refused unless the new commit descends from the current one, which is what makes
/// it a compare-and-swap.
/// </summary>
internal sealed class GitDataEndpoints(StandInRepository repository, StandInJson json, StandInUrls urls)
{
    private const string Git = "repos/{owner}/{repo}/git";

    public IEnumerable<StandInRoute> Routes() =>
    [
        new("GET", Git + "/ref/{*ref}", GetRef),
        new("GET", Git + "/refs/{*prefix}", LegacyRefs),
        new("GET", Git + "/matching-refs/{*prefix}", call => ListRefs(call, "matching-refs/", "refs/" + call["prefix"], exactOrBelow: false)),
        new("POST", Git + "/refs", CreateRef),
        new("PATCH", Git + "/refs/{*ref}", UpdateRef),
        new("DELETE", Git + "/refs/{*ref}", call =>
        {
            repository.DeleteRef(RefName(call));
            return StandInAnswer.Empty(204);
        }),
        new("POST", Git + "/trees", CreateTree),
        new("GET", Git + "/trees/{sha}", GetTree),
        new("POST", Git + "/blobs", CreateBlob),
        new("GET", Git + "/blobs/{sha}", call => StandInAnswer.Json(200, json.Blob(call["sha"], repository.Blob(call["sha"]) ?? throw GitHubError.NotFound()))),
        new("POST", Git + "/commits", CreateCommit),
        new("GET", Git + "/commits/{sha}", call => StandInAnswer.Json(200, json.Commit(repository.Commit(call["sha"]) ?? throw GitHubError.NotFound()))),
        new("GET", "repos/{owner}/{repo}/contents/{*path}", GetContents),
    ];

    /// <summary>One ref, <c>heads/…</c> or <c>tags/…</c>: the one read a client needs however many tags the repository holds.</summary>
    private StandInAnswer GetRef(StandInCall call)
    {
        var name = RefName(call);
        var sha = repository.RefSha(name) ?? throw GitHubError.NotFound("https://docs.github.com/rest/git/refs#get-a-reference");
        return StandInAnswer.Json(200, StandInJson.Write(w => json.Ref(w, name, sha)));
    }

    /// <summary>
    /// <c>git/refs</c> and <c>git/refs/&lt;prefix&gt;</c>: all refs, or those at or below the prefix,
    /// paginated; a prefix naming one ref exactly answers that ref alone, as GitHub does.
    /// </summary>
    private StandInAnswer LegacyRefs(StandInCall call)
    {
        if (call["prefix"].Length == 0)
        {
            return ListRefs(call, "refs", "refs/", exactOrBelow: false);
        }
        var name = RefName(call, "prefix");
        return repository.RefSha(name) is { } sha
            ? StandInAnswer.Json(200, StandInJson.Write(w => json.Ref(w, name, sha)))
            : ListRefs(call, "refs/" + call["prefix"], name, exactOrBelow: true);
    }

    private StandInAnswer ListRefs(StandInCall call, string linkPath, string prefix, bool exactOrBelow)
    {
        var matching = repository.Refs(exactOrBelow
            ? name => name.StartsWith(prefix + "/", StringComparison.Ordinal)
            : name => name.StartsWith(prefix, StringComparison.Ordinal));
        var (page, links) = StandInPages.Page(matching, call.Request, urls.ById("git/" + linkPath));
        return StandInAnswer.Json(200, StandInJson.Write(w =>
        {
            w.WriteStartArray();
            page.ToList().ForEach(r => json.Ref(w, r.Key, r.Value));
            w.WriteEndArray();
        }), links);
    }

    private StandInAnswer CreateRef(StandInCall call)
    {
        var body = call.Request.Json();
        var name = Text(body, "ref") ?? throw GitHubError.Of(422, "Invalid request.\n\n\"ref\" wasn't supplied.");
        var sha = Text(body, "sha") ?? throw GitHubError.Of(422, "Invalid request.\n\n\"sha\" wasn't supplied.");
        repository.CreateRef(name, sha);
        return StandInAnswer.Json(201, StandInJson.Write(w => json.Ref(w, name, sha)), ("Location", urls.RepoApi("git/" + name)));
    }

    private StandInAnswer UpdateRef(StandInCall call)
    {
        var body = call.Request.Json();
        var name = RefName(call);
        var sha = Text(body, "sha") ?? throw GitHubError.Of(422, "Invalid request.\n\n\"sha\" wasn't supplied.");
        repository.UpdateRef(name, sha, body["force"]?.GetValueKind() == JsonValueKind.True);
        return StandInAnswer.Json(200, StandInJson.Write(w => json.Ref(w, name, sha)));
    }

    private StandInAnswer CreateTree(StandInCall call)
    {
        var body = call.Request.Json();
        var changes = new List<(string Path, string Mode, string? Sha, byte[]? Content)>();
        foreach (var entry in body["tree"] as JsonArray ?? throw GitHubError.Of(422, "Invalid tree info"))
        {
            if (entry is not JsonObject item || Text(item, "path") is not { Length: > 0 } path)
            {
                throw GitHubError.Of(422, "Invalid tree info");
            }
            var mode = Text(item, "mode") ?? "100644";
            var content = Text(item, "content");
            var sha = Text(item, "sha");
            if (content is not null && sha is not null)
            {
                throw GitHubError.Of(422, "Invalid tree info: give either content or sha");
            }
            if (Text(item, "type") == "tree" && sha is not null)
            {
                // A subtree by SHA: its files, placed under the path.
                var subtree = repository.Tree(sha) ?? throw GitHubError.Of(422, $"tree.sha {sha} is not a valid tree");
                changes.AddRange(subtree.Files.Select(f => ($"{path}/{f.Key}", f.Value.Mode, (string?)f.Value.Sha, (byte[]?)null)));
                continue;
            }
            changes.Add((path.Trim('/'), mode, sha, content is null ? null : Encoding.UTF8.GetBytes(content)));
        }
        var tree = repository.CreateTree(Text(body, "base_tree"), changes);
        return StandInAnswer.Json(201, json.Tree(tree, Directory(tree), recursive: false), ("Location", urls.RepoApi("git/trees/" + tree.Sha)));
    }

    private StandInAnswer GetTree(StandInCall call)
    {
        var tree = repository.Tree(call["sha"]) ?? throw GitHubError.NotFound();
        var recursive = call.Request.Query.GetValueOrDefault("recursive") is { Length: > 0 } flag && flag != "0" && flag != "false";
        return StandInAnswer.Json(200, json.Tree(tree, Directory(tree), recursive));
    }

    private StandInAnswer CreateBlob(StandInCall call)
    {
        var body = call.Request.Json();
        var text = Text(body, "content") ?? throw GitHubError.Of(422, "Invalid request.\n\n\"content\" wasn't supplied.");
        byte[] content;
        try
        {
            content = Text(body, "encoding") == "base64" ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
        }
        catch (FormatException)
        {
            throw GitHubError.Of(422, "Invalid base64 content");
        }
        var sha = repository.CreateBlob(content);
        return StandInAnswer.Json(201, new JsonObject { ["sha"] = sha, ["url"] = urls.RepoApi("git/blobs/" + sha) });
    }

    private StandInAnswer CreateCommit(StandInCall call)
    {
        var body = call.Request.Json();
        var message = Text(body, "message") ?? throw GitHubError.Of(422, "Invalid request.\n\n\"message\" wasn't supplied.");
        var tree = Text(body, "tree") ?? throw GitHubError.Of(422, "Invalid request.\n\n\"tree\" wasn't supplied.");
        var parents = (body["parents"] as JsonArray ?? []).Select(p => p?.GetValueKind() == JsonValueKind.String ? p.GetValue<string>() : throw GitHubError.Of(422, "Invalid parents")).ToList();
        var commit = repository.CreateCommit(message, tree, parents);
        return StandInAnswer.Json(201, json.Commit(commit), ("Location", urls.RepoApi("git/commits/" + commit.Sha)));
    }

    /// <summary>A file (raw bytes when asked for the raw media type, else JSON with base64 content) or a folder's entries, at a commit, branch or tag.</summary>
    private StandInAnswer GetContents(StandInCall call)
    {
        var path = call["path"].Trim('/');
        var commitish = call.Request.Query.GetValueOrDefault("ref");
        var commitSha = repository.ResolveCommitish(commitish)
            ?? throw GitHubError.Of(404, $"No commit found for the ref {commitish}", "https://docs.github.com/rest/repos/contents#get-repository-content");
        var tree = repository.Tree(repository.Commit(commitSha)!.Tree)!;
        var shown = commitish ?? commitSha;
        if (tree.Files.TryGetValue(path, out var file))
        {
            var content = repository.Blob(file.Sha)!;
            if (call.Request.Accepts("application/vnd.github.raw") || call.Request.Accepts("application/vnd.github.v3.raw"))
            {
                return StandInAnswer.Bytes(200, content, "application/vnd.github.raw+json; charset=utf-8");
            }
            return StandInAnswer.Json(200, StandInJson.Write(w => json.ContentFile(w, path, file, content, shown)));
        }
        var folder = path.Length == 0 ? tree : repository.Tree(Directory(tree)(path).Sha);
        if (folder is null || folder.Files.Count == 0)
        {
            throw GitHubError.NotFound("https://docs.github.com/rest/repos/contents#get-repository-content");
        }
        return StandInAnswer.Json(200, StandInJson.Write(w =>
        {
            w.WriteStartArray();
            foreach (var (entry, isDirectory) in StandInJson.Entries(folder, recursive: false))
            {
                var full = path.Length == 0 ? entry : $"{path}/{entry}";
                if (isDirectory)
                {
                    json.ContentDirectory(w, full, Directory(folder)(entry).Sha, shown);
                }
                else
                {
                    json.ContentFile(w, full, folder.Files[entry], null, shown);
                }
            }
            w.WriteEndArray();
        }));
    }

    /// <summary>The tree of a directory of <paramref name="tree"/> (stored with it when it was made).</summary>
    private Func<string, StandInTree> Directory(StandInTree tree) => directory =>
    {
        var files = StandInGitObjects.Under(tree, directory);
        return files.Count == 0 ? new StandInTree("", files) : repository.CreateTree(null, files.Select(f => (f.Key, f.Value.Mode, (string?)f.Value.Sha, (byte[]?)null)).ToList());
    };

    /// <summary>The full ref name a path names: <c>heads/x</c> is <c>refs/heads/x</c>.</summary>
    private static string RefName(StandInCall call, string value = "ref") =>
        call[value].Length == 0 ? throw GitHubError.NotFound() : "refs/" + call[value];

    private static string? Text(JsonObject body, string name) =>
        body[name]?.GetValueKind() == JsonValueKind.String ? body[name]!.GetValue<string>() : null;
}
