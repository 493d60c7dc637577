using Platform.Maintenance.Indexes;
using Platform.Repository.Loading;

namespace Platform.Maintenance.Running;

/// <summary>Compares generated files with the bytes on disk.</summary>
public static class MaintenanceDiff
{
    public static IReadOnlyList<GeneratedFile> Changed(string repoRoot, IEnumerable<GeneratedFile> files) =>
        files.Where(f => !SameAsDisk(repoRoot, f)).ToArray();

    public static bool SameAsDisk(string repoRoot, GeneratedFile file)
    {
        var path = RepositoryPaths.Full(repoRoot, file.RelativePath);
        if (!File.Exists(path))
        {
            return false;
        }
        var info = new FileInfo(path);
        return info.Length == file.Bytes.Length && File.ReadAllBytes(path).AsSpan().SequenceEqual(file.Bytes);
    }
}
