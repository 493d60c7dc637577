namespace Platform.Tests.Shared;

/// <summary>
/// A temp copy of the sample platform repository committed at the solution root (config/, modules/,
/// tenants/, maintenance-state/), so tests run on the real sample content and may break it freely.
/// </summary>
public sealed class SampleRepository : IDisposable
{
    private static readonly string[] Folders = ["config", "modules", "tenants", "maintenance-state"];

    public SampleRepository(bool withMaintenanceState = false)
    {
        Root = Path.Combine(Path.GetTempPath(), "platform-tests-" + Guid.NewGuid().ToString("N"));
        var source = SourceRoot();
        foreach (var folder in Folders.Where(f => withMaintenanceState || f != "maintenance-state"))
        {
            Copy(Path.Combine(source, folder), Path.Combine(Root, folder));
        }
        Directory.CreateDirectory(Root);
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
