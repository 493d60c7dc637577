using System.Security.Cryptography;

namespace Platform.EndToEnd.Tests.Support;

/// <summary>
/// A throw-away platform repository in a temp folder, seeded with this repository's own sample
/// config and templates, on which tests run the real CLI.
/// </summary>
public sealed class TempPlatformRepo : IDisposable
{
    public TempPlatformRepo(bool withSampleContent = true)
    {
        Root = Directory.CreateTempSubdirectory("platform-repo-").FullName;
        if (withSampleContent)
        {
            foreach (var folder in new[] { "config", "releases", "tenants", "modules", "maintenance-state" })
            {
                var source = Path.Combine(SourceRoot, folder);
                if (Directory.Exists(source))
                {
                    CopyFolder(source, Path.Combine(Root, folder));
                }
            }
        }
    }

    /// <summary>The repository these tests belong to (found by walking up to Platform.slnx).</summary>
    public static string SourceRoot { get; } = FindSourceRoot();

    public string Root { get; }

    public string StateDir => Path.Combine(Root, ".billing-state");

    public Dictionary<string, string> Environment { get; } = new() { ["PLATFORM_NOW"] = "2026-01-04T18:37:22Z", ["PLATFORM_STORE"] = "none" };

    public CliResult Run(params string[] args) => PlatformCli.Run(Root, Environment, args);

    /// <summary>Runs the CLI after a shell <paramref name="setup"/> in a mount namespace of its own (see <see cref="PlatformCli.RunUnder"/>).</summary>
    public CliResult RunUnder(string setup, params string[] args) => PlatformCli.RunUnder(setup, Root, Environment, args);

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public void Write(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>sha256 of every file under the repository, to prove a command changed nothing.</summary>
    public Dictionary<string, string> Snapshot() =>
        Directory.GetFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(Root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }
        foreach (var dir in Directory.GetDirectories(source))
        {
            CopyFolder(dir, Path.Combine(target, Path.GetFileName(dir)));
        }
    }

    private static string FindSourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Platform.slnx not found above the test folder.");
    }
}
