using System.Collections;
using System.CommandLine;
using Platform.Cli.Output;
using Platform.Domain.Errors;
using Platform.Domain.Time;
using Platform.State.Stores;
using Platform.State.Transactions;

namespace Platform.Cli.Hosting;

/// <summary>Everything a command needs from its invocation: paths, store, clock, output, environment.</summary>
public sealed class CommandContext
{
    private CommandContext(string repoRoot, string billingStateDir, string storeKind, string? storeDir, bool allowPublicRepo,
        TimeProvider clock, ConsoleOutput output, IReadOnlyDictionary<string, string> environment)
    {
        RepoRoot = repoRoot;
        BillingStateDir = billingStateDir;
        StoreKind = storeKind;
        StoreDir = storeDir;
        AllowPublicRepo = allowPublicRepo;
        Clock = clock;
        Output = output;
        Environment = environment;
    }

    private OpenedStore? store;

    public string RepoRoot { get; }

    public string BillingStateDir { get; }

    /// <summary>none, local or github: <c>auto</c> is resolved already.</summary>
    public string StoreKind { get; }

    public string? StoreDir { get; }

    public bool AllowPublicRepo { get; }

    public TimeProvider Clock { get; }

    public ConsoleOutput Output { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The command as typed, without options (e.g. "admin-topup", "state restore").</summary>
    public string CommandName { get; private init; } = "platform";

    public string TemplatesDir => Path.Combine(RepoRoot, "releases", "billing-state-v1");

    public static CommandContext From(ParseResult parse, CommonOptions options, ConsoleOutput output)
    {
        var environment = System.Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        var repoRoot = Path.GetFullPath(parse.GetValue(options.RepoRoot) ?? ".");
        if (!Directory.Exists(repoRoot))
        {
            throw PlatformException.BadInput(new Violation(null, null, "--repo-root", repoRoot, "is not a folder"));
        }
        var stateDir = parse.GetValue(options.BillingStateDir) is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(repoRoot, ".billing-state");
        var storeOption = parse.GetValue(options.Store);
        var storeKind = StoreSelection.ResolveKind(storeOption, environment.GetValueOrDefault);
        return new CommandContext(repoRoot, stateDir, storeKind, parse.GetValue(options.StoreDir),
            parse.GetValue(options.AllowPublicRepo), ClockFrom(environment), output, environment)
        {
            CommandName = CommandPath(parse.CommandResult),
        };
    }

    /// <summary>The one clock: <c>PLATFORM_NOW</c> freezes it for tests and replays.</summary>
    private static TimeProvider ClockFrom(IReadOnlyDictionary<string, string> environment)
    {
        if (!environment.TryGetValue("PLATFORM_NOW", out var now) || now.Length == 0)
        {
            return TimeProvider.System;
        }
        return Timestamp.TryParse(now, out var instant)
            ? new FixedClock(instant)
            : throw PlatformException.BadInput(new Violation(null, null, "PLATFORM_NOW", now, "is not a UTC timestamp like 2026-01-04T18:37:22Z"));
    }

    /// <summary>The chosen store, opened once per command.</summary>
    public OpenedStore Store => store ??= StoreSelection.Open(StoreKind, StoreDir, RepoRoot, AllowPublicRepo, Environment.GetValueOrDefault, Clock);

    /// <summary>The state transaction over the chosen store (into another local folder when <paramref name="stateDir"/> is given).</summary>
    public StateTransaction StateTransaction(string? stateDir = null, bool toleratesUnexplainedBalances = false) =>
        new(Store.Backend, new StateDirectory(stateDir ?? BillingStateDir), new BootstrapTemplates(TemplatesDir), Clock)
        {
            Command = CommandName,
            ToleratesUnexplainedBalances = toleratesUnexplainedBalances,
        };

    internal static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var at = result; at is not null && at.Parent is not null; at = at.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, at.Command.Name);
        }
        return names.Count == 0 ? "platform" : string.Join(' ', names);
    }
}
