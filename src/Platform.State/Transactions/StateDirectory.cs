namespace Platform.State.Transactions;

/// <summary>
/// The local copy of the billing state (<c>--billing-state-dir</c>). A commit writes every new file
/// into <c>.pending/</c>, marks it complete, then renames the files into place; a commit interrupted
/// by a crash is finished (when marked complete) or discarded (when not) by <see cref="Recover"/>,
/// so the folder always holds one whole generation.
/// </summary>
public sealed class StateDirectory(string path)
{
    private const string PendingFolder = ".pending";
    private const string CompleteMarker = "COMPLETE";

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    private string Pending => System.IO.Path.Combine(Path, PendingFolder);

    public string PathOf(string asset) => System.IO.Path.Combine(Path, asset);

    public bool Exists(string asset) => File.Exists(PathOf(asset));

    /// <summary>Finishes or discards a commit a crash interrupted.</summary>
    public void Recover()
    {
        if (!Directory.Exists(Pending))
        {
            return;
        }
        var marker = System.IO.Path.Combine(Pending, CompleteMarker);
        if (File.Exists(marker))
        {
            MoveIntoPlace(File.ReadAllLines(marker));
        }
        Directory.Delete(Pending, recursive: true);
    }

    /// <summary>A fresh path inside the pending folder for a file of the next commit.</summary>
    public string PendingPathOf(string asset)
    {
        Directory.CreateDirectory(Pending);
        return System.IO.Path.Combine(Pending, asset);
    }

    /// <summary>Starts a commit: clears any leftover pending folder.</summary>
    public void BeginCommit()
    {
        Recover();
        Directory.CreateDirectory(Pending);
    }

    /// <summary>Throws away a commit that was begun but not marked complete: a rejected hydrate leaves nothing behind.</summary>
    public void Discard()
    {
        if (Directory.Exists(Pending) && !File.Exists(System.IO.Path.Combine(Pending, CompleteMarker)))
        {
            Directory.Delete(Pending, recursive: true);
        }
    }

    /// <summary>Makes the pending files the current ones, all or none.</summary>
    public void Commit(IReadOnlyList<string> assets)
    {
        foreach (var asset in assets)
        {
            using var stream = new FileStream(PendingPathOf(asset), FileMode.Open, FileAccess.ReadWrite);
            stream.Flush(flushToDisk: true);
        }
        var marker = System.IO.Path.Combine(Pending, CompleteMarker);
        Failpoint.Hit("commit:pending");
        AtomicFile.WriteAllText(marker, string.Join('\n', assets) + "\n");
        MoveIntoPlace(assets);
        Directory.Delete(Pending, recursive: true);
    }

    private void MoveIntoPlace(IEnumerable<string> assets)
    {
        foreach (var asset in assets.Where(a => a.Length > 0))
        {
            var source = System.IO.Path.Combine(Pending, asset);
            if (File.Exists(source))
            {
                File.Move(source, PathOf(asset), overwrite: true);
                Failpoint.Hit("commit:move");
            }
        }
    }
}
