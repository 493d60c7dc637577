using System.CommandLine;

namespace Platform.Cli.Hosting;

/// <summary>The options every command takes (SPEC §9), declared once and inherited by subcommands.</summary>
public sealed class CommonOptions
{
    public Option<string> RepoRoot { get; } = new("--repo-root")
    {
        Description = "The platform repository to work on",
        DefaultValueFactory = _ => ".",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print exactly one JSON object on stdout; logs go to stderr",
        Recursive = true,
    };

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "Release store (env PLATFORM_STORE; default auto)",
        HelpName = "auto|local|github|none",
        Recursive = true,
    };

    public Option<string?> StoreDir { get; } = new("--store-dir")
    {
        Description = "Folder of the local release store (env PLATFORM_LOCAL_STORE_DIR; default <repo>/.platform/releases)",
        Recursive = true,
    };

    public Option<string?> BillingStateDir { get; } = new("--billing-state-dir")
    {
        Description = "Local copy of the billing state (default <repo>/.billing-state)",
        Recursive = true,
    };

    public Option<bool> AllowPublicRepo { get; } = new("--allow-public-repo")
    {
        Description = "Let the github store publish billing state or artifacts to a public repository",
        Recursive = true,
    };

    public Option<string?> SummaryFile { get; } = new("--summary-file")
    {
        Description = "Append a Markdown report of what the command did to this file (env PLATFORM_SUMMARY_FILE; in GitHub Actions $GITHUB_STEP_SUMMARY)",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(RepoRoot);
        root.Options.Add(Json);
        root.Options.Add(Store);
        root.Options.Add(StoreDir);
        root.Options.Add(BillingStateDir);
        root.Options.Add(AllowPublicRepo);
        root.Options.Add(SummaryFile);
    }
}
