namespace Platform.State.Transactions;

/// <summary>
/// The local copy of the billing state (<c>--billing-state-dir</c>). A commit writes every new file
/// into <c>.pending/</c>, marks it complete, then renames the files into place; a commit interrupted
/// by a crash is finished (when marked complete) or discarded (when not) by <see cref="Recover"/>,
/// so the folder always holds one whole generation. Rows appended in place to the large tables
/// (a writer that trusts their checked prefix) are journalled first: their old lengths go into
/// <c>.pending/APPENDED</c>, and a commit not marked complete is undone by cutting them back.
/// </summary>
public sealed class StateDirectory(string path)
{
    private const string PendingFolder = ".pending";
    private const string CompleteMarker = "COMPLETE";
    private const string AppendJournal = "APPENDED";

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
        else
        {
            CutBackAppends();
        }
        Directory.Delete(Pending, recursive: true);
    }

    /// <summary>Journals the current lengths of files about to be appended to in place; call after <see cref="BeginCommit"/>.</summary>
    public void RecordAppends(IReadOnlyDictionary<string, long> lengths) =>
        AtomicFile.WriteAllText(System.IO.Path.Combine(Pending, AppendJournal),
            string.Concat(lengths.Select(l => $"{l.Key}\t{l.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n")));

    /// <summary>Undoes in-place appends of a commit that never completed.</summary>
    private void CutBackAppends()
    {
        var journal = System.IO.Path.Combine(Pending, AppendJournal);
        if (!File.Exists(journal))
        {
            return;
        }
        foreach (var line in File.ReadAllLines(journal).Where(l => l.Length > 0))
        {
            var parts = line.Split('\t');
            using var file = new FileStream(PathOf(parts[0]), FileMode.Open, FileAccess.Write);
            var length = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            if (file.Length > length)
            {
                file.SetLength(length);
                file.Flush(flushToDisk: true);
            }
        }
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
            CutBackAppends();
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
