using System.Security.Cryptography;
using System.Text;

namespace Platform.Tests.Shared;

/// <summary>
/// Git's object store, content-addressed: blobs hash as git hashes them, trees (kept flattened,
/// every directory also stored as its own tree) and commits hash a canonical text of what they
/// hold, so the same content always gets the same SHA. Not thread-safe: the repository's lock guards it.
/// </summary>
internal sealed class StandInGitObjects
{
    private readonly Dictionary<string, byte[]> blobs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StandInTree> trees = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StandInCommit> commits = new(StringComparer.Ordinal);

    public byte[]? Blob(string sha) => blobs.GetValueOrDefault(sha);

    public StandInTree? Tree(string sha) => trees.GetValueOrDefault(sha);

    public StandInCommit? Commit(string sha) => commits.GetValueOrDefault(sha);

    public string PutBlob(byte[] content)
    {
        var sha = Hash(Encoding.ASCII.GetBytes($"blob {content.Length}\0"), content);
        blobs.TryAdd(sha, content);
        return sha;
    }

    /// <summary>Stores a tree of these files and, so each can be read on its own, every directory in it.</summary>
    public StandInTree PutTree(IReadOnlyDictionary<string, StandInTreeFile> files)
    {
        var sorted = new SortedDictionary<string, StandInTreeFile>(files.ToDictionary(), StringComparer.Ordinal);
        var text = new StringBuilder("tree\n");
        foreach (var (path, file) in sorted)
        {
            text.Append(file.Mode).Append(' ').Append(file.Sha).Append('\t').Append(path).Append('\n');
        }
        var sha = Hash(Encoding.UTF8.GetBytes(text.ToString()));
        if (trees.TryGetValue(sha, out var known))
        {
            return known;
        }
        var tree = new StandInTree(sha, sorted);
        trees[sha] = tree;
        foreach (var directory in sorted.Keys.Where(p => p.Contains('/', StringComparison.Ordinal)).Select(p => p[..p.IndexOf('/', StringComparison.Ordinal)]).Distinct())
        {
            PutTree(Under(tree, directory));
        }
        return tree;
    }

    public StandInCommit PutCommit(string message, string treeSha, IReadOnlyList<string> parents, DateTimeOffset date)
    {
        var text = new StringBuilder("tree ").Append(treeSha).Append('\n');
        foreach (var parent in parents)
        {
            text.Append("parent ").Append(parent).Append('\n');
        }
        // As in git, the author's time is part of the commit: the same commit made a second later differs.
        text.Append("author stand-in ").Append(date.ToUnixTimeSeconds()).Append(" +0000\n\n").Append(message);
        var sha = Hash(Encoding.UTF8.GetBytes(text.ToString()));
        if (!commits.TryGetValue(sha, out var commit))
        {
            commit = new StandInCommit(sha, message, treeSha, [.. parents], DateTimeOffset.FromUnixTimeSeconds(date.ToUnixTimeSeconds()));
            commits[sha] = commit;
        }
        return commit;
    }

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="descendant"/> or reachable from it through parents.</summary>
    public bool Descends(string descendant, string ancestor)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = new Queue<string>([descendant]);
        while (next.TryDequeue(out var sha))
        {
            if (sha == ancestor)
            {
                return true;
            }
            if (seen.Add(sha) && commits.TryGetValue(sha, out var commit))
            {
                commit.Parents.ToList().ForEach(next.Enqueue);
            }
        }
        return false;
    }

    /// <summary>The files under <paramref name="directory"/>, with paths relative to it.</summary>
    public static Dictionary<string, StandInTreeFile> Under(StandInTree tree, string directory) =>
        tree.Files.Where(f => f.Key.StartsWith(directory + "/", StringComparison.Ordinal))
            .ToDictionary(f => f.Key[(directory.Length + 1)..], f => f.Value, StringComparer.Ordinal);

    private static string Hash(params byte[][] parts)
    {
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        foreach (var part in parts)
        {
            sha1.AppendData(part);
        }
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }
}
