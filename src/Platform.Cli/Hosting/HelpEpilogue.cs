using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Platform.Cli.Hosting;

/// <summary>
/// What <c>--help</c> adds after the options, as <c>gh</c> and <c>dotnet</c> do: examples of the
/// command, the exit codes and the environment variables the CLI reads.
/// </summary>
public static class HelpEpilogue
{
    private static readonly Dictionary<string, string[]> Examples = new(StringComparer.Ordinal)
    {
        ["platform"] = ["platform verify", "platform maintenance --check", "platform orchestrator --dry-run", "platform admin-topup --help"],
        ["verify"] = ["platform verify", "platform verify --only state --json"],
        ["orchestrator"] = ["platform orchestrator --dry-run", "platform orchestrator --tenant Ac7Kq2 --parallel 8", "PLATFORM_SANDBOX=required platform orchestrator"],
        ["admin-topup"] = ["platform admin-topup --tenant-id Ac7Kq2 --topup-method-id BT --amount-credits 500 --reference wire-2026-0042"],
        ["reconcile-payments"] = ["platform reconcile-payments --json"],
        ["maintenance"] = ["platform maintenance", "platform maintenance --check"],
        ["cache-prune"] = ["platform cache-prune", "platform cache-prune --delete"],
        ["ids new"] = ["platform ids new tenant", "platform ids new payment --count 3 --json"],
        ["ids check"] = ["platform ids check tenant Ac7Kq2"],
        ["state history"] = ["platform state history --limit 5"],
    };

    private const string ExitCodes = """
        Exit codes:
          0  success ("already posted" included)
          1  anything unexpected
          2  bad input or a failed check; a key posted already with other content; a filter that names nothing
          3  state conflict: another writer moved the billing state (run again)
          4  release store unreachable or refused
        """;

    private const string Environment = """
        Environment variables:
          PLATFORM_NOW              ISO-8601 UTC time that replaces the clock (tests, replays)
          PLATFORM_STORE            --store when the option is not given (auto|local|github|none)
          PLATFORM_LOCAL_STORE_DIR  --store-dir when the option is not given
          PLATFORM_SANDBOX          --sandbox of the orchestrator when not given (auto|required|off)
          GH_TOKEN, GITHUB_TOKEN    token of the github store; with GITHUB_REPOSITORY, --store auto picks github
          GITHUB_REPOSITORY         owner/name of the repository whose releases hold the state
          GITHUB_API_URL            GitHub API root (default https://api.github.com)
          PLATFORM_SUMMARY_FILE     --summary-file when not given (else GITHUB_STEP_SUMMARY)
          PLATFORM_PROGRESS_SECONDS plain progress interval of the orchestrator without a terminal (default 10)
          NO_COLOR                  logs without colours
        """;

    /// <summary>Makes the root's help option print the epilogue after the usual help.</summary>
    public static void AddTo(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new WithEpilogue((HelpAction)help.Action!);
    }

    public static string For(Command command, string path)
    {
        var lines = new List<string>();
        if (Examples.TryGetValue(path, out var examples))
        {
            lines.Add("Examples:");
            lines.AddRange(examples.Select(e => "  " + e));
            lines.Add("");
        }
        lines.Add(ExitCodes);
        lines.Add("");
        lines.Add(Environment);
        return string.Join('\n', lines);
    }

    private sealed class WithEpilogue(HelpAction help) : SynchronousCommandLineAction
    {
        /// <summary>Help for a command given without its required arguments still shows.</summary>
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var json = parseResult.Tokens.Any(t => t.Value == "--json");
            var output = parseResult.InvocationConfiguration.Output;
            var text = json ? new StringWriter() : output;
            parseResult.InvocationConfiguration.Output = text;
            var code = help.Invoke(parseResult);
            parseResult.InvocationConfiguration.Output = output;
            var path = CommandContext.CommandPath(parseResult.CommandResult);
            text.WriteLine(For(parseResult.CommandResult.Command, path));
            text.WriteLine();
            if (json)
            {
                // --json is one JSON object on stdout for every outcome, help included.
                output.WriteLine(new System.Text.Json.Nodes.JsonObject
                {
                    ["ok"] = true,
                    ["exit_code"] = code,
                    ["command"] = path,
                    ["help"] = text.ToString(),
                }.ToJsonString());
            }
            return code;
        }
    }
}
