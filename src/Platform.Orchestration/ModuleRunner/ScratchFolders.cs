using System.Collections.Concurrent;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// The folders that serve as a module's HOME and TMPDIR: <c>&lt;runtime-dir&gt;/scratch/&lt;tenant_id&gt;/&lt;random&gt;/</c>
/// (mode 0700), one per module running at a time, empty when a run gets one. A folder goes back to
/// the pool only when every process of its run is gone and it could be emptied; any other is deleted
/// (as far as possible) and never handed out again. Reused rather than made and deleted per run: on a
/// busy orchestrator the file-system work of a folder per run costs more than a no-op module itself.
/// </summary>
/// <param name="poolFolder">The folder the scratch folders are made in (one per tenant, so a tenant's sandbox sees only its own).</param>
internal sealed class ScratchFolders(string poolFolder) : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly ConcurrentBag<string> idle = [];
    private readonly ConcurrentDictionary<string, byte> made = new(StringComparer.Ordinal);

    /// <summary>An empty folder no other run holds.</summary>
    public string Take()
    {
        if (idle.TryTake(out var folder))
        {
            return folder;
        }
        // Random, so orchestrators sharing a runtime dir (even with equal PIDs, in containers) never meet.
        folder = Path.Combine(Path.GetFullPath(poolFolder), Path.GetRandomFileName().Replace(".", "", StringComparison.Ordinal));
        Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
        Directory.CreateDirectory(folder);
        SetOwnerOnly(folder);
        made[folder] = 0;
        return folder;
    }

    /// <summary>Hands a folder back after its run; what the run left in it is deleted.</summary>
    /// <param name="reusable">False when a process of the run may still be alive: the folder is then only deleted.</param>
    public void Return(string folder, bool reusable)
    {
        if (reusable && Empty(folder))
        {
            idle.Add(folder);
            return;
        }
        Delete(folder);
    }

    /// <summary>Removes the folders this pool made.</summary>
    public void Dispose()
    {
        foreach (var folder in made.Keys)
        {
            Delete(folder);
        }
    }

    /// <summary>True when the folder is still a real directory (a module may have swapped it for a
    /// link) and holds nothing, after deleting whatever it held and restoring its mode.</summary>
    private static bool Empty(string folder)
    {
        try
        {
            // One lstat tells a link, the folder's absence and its mode (no readlink, no chmod when unchanged).
            var info = new DirectoryInfo(folder);
            if (!info.Exists || info.Attributes.HasFlag(FileAttributes.ReparsePoint))
            {
                return false;
            }
            if (OperatingSystem.IsWindows() || info.UnixFileMode != OwnerOnly)
            {
                SetOwnerOnly(folder);
            }
            if (!Directory.EnumerateFileSystemEntries(folder).Any())
            {
                return true;
            }
            foreach (var entry in Directory.EnumerateFileSystemEntries(folder))
            {
                Delete(entry);
            }
            return !Directory.EnumerateFileSystemEntries(folder).Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes a file, a link (never what it points to) or a folder tree, first giving the owner back
    /// the permissions a module may have taken away from its own folders.
    /// </summary>
    private static void Delete(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists && !Directory.Exists(path))
            {
                return;
            }
            if (info.Attributes.HasFlag(FileAttributes.Directory) && info.LinkTarget is null)
            {
                SetOwnerOnly(path);
                foreach (var entry in Directory.EnumerateFileSystemEntries(path))
                {
                    Delete(entry);
                }
                Directory.Delete(path);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left in place; a folder that could not be emptied is never handed out again.
        }
    }

    private static void SetOwnerOnly(string folder)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(folder, OwnerOnly);
        }
    }
}
