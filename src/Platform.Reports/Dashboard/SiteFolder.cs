using Platform.Domain.Errors;

namespace Platform.Reports.Dashboard;

/// <summary>
/// The folder the dashboard is written to. It is replaced whole, so it must be missing, empty, or an
/// earlier dashboard (its index.html carries the dashboard's generator tag): anything else is
/// refused (exit 2) rather than deleted.
/// </summary>
public static class SiteFolder
{
    public static string Check(string outDir)
    {
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDir));
        if (File.Exists(target))
        {
            throw Refused(outDir, "is a file; give a folder");
        }
        if (Path.GetDirectoryName(target) is null)
        {
            throw Refused(outDir, "is a root folder; give a folder of its own");
        }
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !IsDashboard(target))
        {
            throw Refused(outDir, "holds other files; give a missing or empty folder, or one an earlier platform dashboard wrote");
        }
        return target;
    }

    /// <summary>A fresh, empty folder beside the target (same file system, so it can be renamed into place).</summary>
    public static string Stage(string target)
    {
        var staging = Beside(target, "new");
        Remove(staging);
        Directory.CreateDirectory(staging);
        return staging;
    }

    public static void Replace(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }
        var old = Beside(target, "old");
        Remove(old);
        Directory.Move(target, old);
        Directory.Move(staging, target);
        Remove(old);
    }

    public static void Remove(string folder)
    {
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Beside(string target, string what) =>
        Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Environment.ProcessId}.{what}");

    private static bool IsDashboard(string folder)
    {
        var index = Path.Combine(folder, "index.html");
        if (!File.Exists(index))
        {
            return false;
        }
        using var reader = new StreamReader(index);
        var head = new char[512];
        var read = reader.ReadBlock(head, 0, head.Length);
        return new string(head, 0, read).Contains(DashboardPages.Generator, StringComparison.Ordinal);
    }

    private static PlatformException Refused(string outDir, string why) =>
        PlatformException.BadInput(new Violation(null, null, "--out", outDir, why));
}
