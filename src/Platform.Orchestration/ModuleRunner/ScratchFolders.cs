using System.Collections.Concurrent;
using System.Globalization;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// The folders that serve as a module's HOME and TMPDIR: <c>&lt;runtime-dir&gt;/scratch/&lt;pid&gt;-&lt;n&gt;/</c>,
/// one per module running at a time, empty when a run gets one and emptied again when it ends.
/// Reused rather than made and deleted per run: on a busy orchestrator the file-system work of a
/// folder created and removed per run costs more than a no-op module itself.
/// </summary>
internal sealed class ScratchFolders(string runtimeDirectory) : IDisposable
{
    private readonly ConcurrentBag<string> idle = [];
    private readonly ConcurrentDictionary<string, byte> all = new(StringComparer.Ordinal);
    private int created;

    /// <summary>An empty folder no other run holds.</summary>
    public string Take()
    {
        if (idle.TryTake(out var folder))
        {
            return folder;
        }
        var name = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}-{Interlocked.Increment(ref created)}");
        folder = Path.Combine(Path.GetFullPath(runtimeDirectory), "scratch", name);
        // A folder of that name left by an earlier orchestrator with the same PID is emptied first.
        if (!Empty(folder))
        {
            throw new IOException($"Scratch folder '{folder}' is left over and cannot be emptied.");
        }
        all[folder] = 0;
        return folder;
    }

    /// <summary>Hands a folder back once every process of its run is gone; what the run left in it is deleted.</summary>
    public void Return(string folder)
    {
        if (Empty(folder))
        {
            idle.Add(folder);
        }
    }

    /// <summary>Removes the (empty) folders this pool made.</summary>
    public void Dispose()
    {
        foreach (var folder in all.Keys)
        {
            TryDelete(folder);
        }
    }

    /// <summary>Makes the folder exist and hold nothing; false if it cannot (say, a module took away its permissions).</summary>
    private static bool Empty(string folder)
    {
        try
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                return true;
            }
            // A recursive delete removes links, never what they point to.
            TryDelete(folder);
            Directory.CreateDirectory(folder);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
