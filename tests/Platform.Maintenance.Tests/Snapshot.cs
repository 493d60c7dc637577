namespace Platform.Maintenance.Tests;

/// <summary>Every file under a folder with its bytes (base64), to prove a run changed nothing.</summary>
public static class Snapshot
{
    public static string Of(string root) =>
        string.Join('\n', Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => Path.GetRelativePath(root, f) + "=" + Convert.ToBase64String(File.ReadAllBytes(f))));
}
