using System.Security.Cryptography;
using System.Text.Json;
using Platform.Domain.Errors;
using Platform.State.Stores.Releases;

namespace Platform.State.Stores.Local;

/// <summary>
/// Just enough of git's refs and commits, in <c>&lt;root&gt;/.refs</c> and <c>&lt;root&gt;/.commits</c>, for
/// the git-ref lease and the state commits to run against the local store exactly as they run against GitHub.
/// </summary>
internal sealed class LocalGitRefs(string root, LocalStoreMutex mutex)
{
    private sealed record Commit(string Message, string? Parent, string Nonce, Dictionary<string, string>? Files = null);

    private string RefsFolder => Path.Combine(root, ".refs");

    private string CommitsFolder => Path.Combine(root, ".commits");

    public GitRef? Get(string name)
    {
        var path = RefPath(name);
        return File.Exists(path) ? new GitRef(name, File.ReadAllText(path).Trim()) : null;
    }

    public bool TryCreate(string name, string sha) => mutex.Run(() =>
    {
        RequireCommit(sha);
        var path = RefPath(name);
        if (File.Exists(path))
        {
            return false;
        }
        AtomicFile.WriteAllText(path, sha + "\n");
        return true;
    });

    public bool TryFastForward(string name, string sha) => mutex.Run(() =>
    {
        RequireCommit(sha);
        var current = Get(name);
        if (current is null || !Descends(sha, current.Sha))
        {
            return false;
        }
        AtomicFile.WriteAllText(RefPath(name), sha + "\n");
        return true;
    });

    public void Delete(string name) => mutex.Run(() =>
    {
        var path = RefPath(name);
        if (!File.Exists(path))
        {
            throw PlatformException.StoreUnavailable($"ref {name} does not exist in the local store {root}");
        }
        File.Delete(path);
        return 0;
    });

    public string CreateCommit(string message, string? parentSha, IReadOnlyDictionary<string, string>? files)
    {
        if (parentSha is not null)
        {
            RequireCommit(parentSha);
        }
        var tree = files is null ? null : new Dictionary<string, string>(files, StringComparer.Ordinal);
        var json = JsonSerializer.Serialize(new Commit(message, parentSha, Guid.NewGuid().ToString("N"), tree));
        var sha = Convert.ToHexStringLower(SHA1.HashData(CsvFormat.Utf8.GetBytes(json)));
        AtomicFile.WriteAllText(Path.Combine(CommitsFolder, sha), json);
        return sha;
    }

    public GitCommit GetCommit(string sha)
    {
        var commit = Read(sha);
        return new GitCommit(sha, commit.Message, commit.Parent);
    }

    public string ReadFile(string sha, string path) =>
        Read(sha).Files?.GetValueOrDefault(path)
        ?? throw PlatformException.StoreUnavailable($"commit {sha} in the local store {root} holds no file {path}");

    private bool Descends(string sha, string ancestor)
    {
        // Lease commits form short chains (one link per broken lease); the bound guards a damaged store.
        string? at = sha;
        for (var step = 0; at is not null && step < 10_000; step++)
        {
            if (at == ancestor)
            {
                return true;
            }
            at = Read(at).Parent;
        }
        return false;
    }

    private Commit Read(string sha)
    {
        RequireCommit(sha);
        return JsonSerializer.Deserialize<Commit>(File.ReadAllText(Path.Combine(CommitsFolder, sha)))
            ?? throw PlatformException.StoreUnavailable($"commit {sha} in the local store {root} is damaged");
    }

    private void RequireCommit(string sha)
    {
        if (sha.Length != 40 || !sha.All(Uri.IsHexDigit) || !File.Exists(Path.Combine(CommitsFolder, sha)))
        {
            throw PlatformException.StoreUnavailable($"commit {sha} does not exist in the local store {root}");
        }
    }

    private string RefPath(string name) => Path.Combine(RefsFolder, StoreNames.Ref(name));
}
