using System.Security.Cryptography;
using System.Text.Json;
using Platform.Domain.Errors;
using Platform.State.Stores.Releases;

namespace Platform.State.Stores.Local;

/// <summary>
/// Just enough of git's refs and commits, in <c>&lt;root&gt;/.refs</c> and <c>&lt;root&gt;/.commits</c>, for
/// the git-ref lease to run against the local store exactly as it runs against GitHub.
/// </summary>
internal sealed class LocalGitRefs(string root, LocalStoreMutex mutex)
{
    private sealed record Commit(string Message, string? Parent, string Nonce);

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

    public string CreateCommit(string message, string? parentSha)
    {
        if (parentSha is not null)
        {
            RequireCommit(parentSha);
        }
        var json = JsonSerializer.Serialize(new Commit(message, parentSha, Guid.NewGuid().ToString("N")));
        var sha = Convert.ToHexStringLower(SHA1.HashData(CsvFormat.Utf8.GetBytes(json)));
        AtomicFile.WriteAllText(Path.Combine(CommitsFolder, sha), json);
        return sha;
    }

    public string GetCommitMessage(string sha) => Read(sha).Message;

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
