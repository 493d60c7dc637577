namespace Platform.Adoption;

/// <summary>This platform's workflow files and the script they call, as embedded in this assembly.</summary>
public static class PlatformWorkflows
{
    /// <summary>(path relative to the repository root, bytes, executable) of each file.</summary>
    public static IReadOnlyList<(string Path, byte[] Bytes, bool Executable)> Files { get; } = Load();

    private static List<(string, byte[], bool)> Load()
    {
        var assembly = typeof(PlatformWorkflows).Assembly;
        var files = new List<(string, byte[], bool)>();
        foreach (var name in assembly.GetManifestResourceNames().Order(StringComparer.Ordinal))
        {
            if (!name.StartsWith("workflows/", StringComparison.Ordinal) && !name.StartsWith("scripts/", StringComparison.Ordinal))
            {
                continue;
            }
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var bytes = new MemoryStream();
            stream.CopyTo(bytes);
            files.Add((".github/" + name, bytes.ToArray(), name.StartsWith("scripts/", StringComparison.Ordinal)));
        }
        return files;
    }
}
