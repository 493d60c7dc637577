namespace Platform.Tests.Shared;

/// <summary>
/// A temp copy of the sample platform repository committed at the solution root (config/, modules/,
/// tenants/, and on request maintenance-state/ and releases/), so tests run on the real sample content
/// and may break it freely. The one temp-repository helper of the test projects (the end-to-end
/// tests' TempPlatformRepo adds the CLI on top).
/// </summary>
public sealed class SampleRepository : IDisposable
{
    /// <summary>Every folder of the sample repository a test may want.</summary>
    public static readonly string[] AllFolders = ["config", "releases", "tenants", "modules", "maintenance-state"];

    public SampleRepository(bool withMaintenanceState = false)
        : this(AllFolders.Where(f => f != "releases" && (withMaintenanceState || f != "maintenance-state")))
    {
    }

    /// <param name="folders">The sample's folders to copy (none for an empty repository).</param>
    public SampleRepository(IEnumerable<string> folders)
    {
        Root = Directory.CreateTempSubdirectory("platform-repo-").FullName;
        var source = SourceRoot();
        foreach (var folder in folders)
        {
            Copy(Path.Combine(source, folder), Path.Combine(Root, folder));
        }
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public string Read(string relative) => File.ReadAllText(PathOf(relative));

    /// <summary>sha256 of every file under the repository (lock files aside), to prove a command changed nothing.</summary>
    public Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }

    /// <summary>The folder holding Platform.slnx, found upward from the test binaries.</summary>
    public static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Platform.slnx not found above " + AppContext.BaseDirectory);
    }

    private static void Copy(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            return;
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        foreach (var dir in Directory.GetDirectories(from))
        {
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
