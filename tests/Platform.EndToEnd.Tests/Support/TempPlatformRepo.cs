namespace Platform.EndToEnd.Tests.Support;

/// <summary>
/// A throw-away platform repository in a temp folder, seeded with this repository's own sample
/// config and templates, on which tests run the real CLI.
/// </summary>
public sealed class TempPlatformRepo : IDisposable
{
    private readonly SampleRepository files;

    public TempPlatformRepo(bool withSampleContent = true) => files = new SampleRepository(withSampleContent ? SampleRepository.AllFolders : []);

    /// <summary>The repository these tests belong to (found by walking up to Platform.slnx).</summary>
    public static string SourceRoot { get; } = SampleRepository.SourceRoot();

    public string Root => files.Root;

    public string StateDir => Path.Combine(Root, ".billing-state");

    public Dictionary<string, string> Environment { get; } = new() { ["PLATFORM_NOW"] = "2026-01-04T18:37:22Z", ["PLATFORM_STORE"] = "none" };

    public CliResult Run(params string[] args) => PlatformCli.Run(Root, Environment, args);

    /// <summary>Runs the CLI after a shell <paramref name="setup"/> in a mount namespace of its own (see <see cref="PlatformCli.RunUnder"/>).</summary>
    public CliResult RunUnder(string setup, params string[] args) => PlatformCli.RunUnder(setup, Root, Environment, args);

    public string PathOf(string relative) => files.PathOf(relative);

    public void Write(string relative, string text) => files.Write(relative, text);

    /// <summary>sha256 of every file under the repository, to prove a command changed nothing.</summary>
    public Dictionary<string, string> Snapshot() => files.Snapshot();

    public void Dispose() => files.Dispose();
}
