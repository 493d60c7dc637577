using System.Formats.Tar;
using System.IO.Compression;

namespace Platform.Orchestration.Caching;

/// <summary>
/// The archive a cache holds: the module's listed output files (already checked to stay inside its
/// outputs folder), as regular tar entries, gzipped. Restoring writes regular files only and never
/// outside the target folder.
/// </summary>
public static class CacheArchive
{
    public static void Create(string outputsDir, IReadOnlyList<string> files, string archivePath)
    {
        using var file = File.Create(archivePath);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: false);
        foreach (var relative in files)
        {
            // Opened without blocking and only if still a regular file (never a FIFO swapped in after the check).
            using var data = RegularFile.OpenRead(Path.GetFullPath(outputsDir), relative, RegularFile.Links.Beneath, out var problem)
                ?? throw new IOException($"output {relative} {problem}");
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, relative.Replace('\\', '/')) { DataStream = data });
        }
    }

    /// <returns>The restored files, relative to <paramref name="outputsDir"/>.</returns>
    public static IReadOnlyList<string> Restore(string archivePath, string outputsDir)
    {
        var root = Path.GetFullPath(outputsDir) + Path.DirectorySeparatorChar;
        var restored = new List<string>();
        using var file = File.OpenRead(archivePath);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        while (tar.GetNextEntry() is { } entry)
        {
            var target = Path.GetFullPath(Path.Combine(outputsDir, entry.Name));
            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || !target.StartsWith(root, StringComparison.Ordinal))
            {
                continue;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            entry.ExtractToFile(target, overwrite: true);
            restored.Add(Path.GetRelativePath(outputsDir, target));
        }
        return restored;
    }
}
