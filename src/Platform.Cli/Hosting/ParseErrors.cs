using System.CommandLine;
using System.CommandLine.Parsing;
using Platform.Cli.Output;
using Platform.Domain.Errors;

namespace Platform.Cli.Hosting;

/// <summary>
/// Command-line mistakes answered like every other bad input: one line each on stderr (with a
/// "did you mean" when a name is close), exit 2, and with <c>--json</c> one error object on stdout.
/// </summary>
public static class ParseErrors
{
    public static int Report(ParseResult parse, CommonOptions options, IReadOnlyList<string> args)
    {
        var unmatched = parse.UnmatchedTokens;
        var violations = parse.Errors
            .Where(e => !unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            .Select(e => Violation.Of(string.Join(' ', e.Message.Split(['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))))
            .Concat(unmatched.Where((t, i) => i == 0 || t.StartsWith('-')).Select(t => Unknown(parse.CommandResult, t)))
            .ToList();
        return Fail(parse, options, args, violations);
    }

    /// <summary>Options without a command (<c>platform --json</c>): nothing to do is a mistake too.</summary>
    public static int NoCommand(ParseResult parse, CommonOptions options, IReadOnlyList<string> args) =>
        Fail(parse, options, args, [Violation.Of("no command given")]);

    private static int Fail(ParseResult parse, CommonOptions options, IReadOnlyList<string> args, IReadOnlyList<Violation> violations)
    {
        var output = new ConsoleOutput(WantsJson(parse, options, args), Console.Out, Console.Error);
        output.Fail(ExitCode.BadInput, violations);
        Console.Error.WriteLine($"run '{CommandPath(parse.CommandResult)} --help' for usage");
        return (int)ExitCode.BadInput;
    }

    private static Violation Unknown(CommandResult at, string token)
    {
        var command = CommandPath(at);
        if (token.StartsWith('-'))
        {
            var options = Scopes(at).SelectMany(s => s.Command.Options.Where(o => s == at || o.Recursive)).SelectMany(o => o.Aliases.Prepend(o.Name));
            return Violation.Of($"'{token}' is not an option of {command}{DidYouMean(token, options)}");
        }
        if (at.Command.Subcommands.Count > 0)
        {
            var commands = at.Command.Subcommands.Where(c => !c.Hidden).ToList();
            // An alias may be the closest spelling; the suggestion names the command itself.
            var closest = Suggestions.Closest(token, commands.SelectMany(c => c.Aliases.Prepend(c.Name)));
            var name = commands.FirstOrDefault(c => c.Name == closest || c.Aliases.Contains(closest!))?.Name;
            return Violation.Of($"'{token}' is not a command of {command}{(name is null ? "" : $"; did you mean '{name}'?")}");
        }
        return Violation.Of($"unexpected argument '{token}' for {command}");
    }

    private static string DidYouMean(string token, IEnumerable<string> names) =>
        Suggestions.Closest(token, names) is { } name ? $"; did you mean '{name}'?" : "";

    private static IEnumerable<CommandResult> Scopes(CommandResult at)
    {
        for (var scope = at; scope is not null; scope = scope.Parent as CommandResult)
        {
            yield return scope;
        }
    }

    private static string CommandPath(CommandResult at) => CommandContext.CommandPath(at) is var path && path == "platform" ? path : "platform " + path;

    /// <summary>The <c>--json</c> flag, even when the line around it does not parse.</summary>
    private static bool WantsJson(ParseResult parse, CommonOptions options, IReadOnlyList<string> args)
    {
        try
        {
            return parse.GetValue(options.Json);
        }
        catch (InvalidOperationException)
        {
            return args.Contains(options.Json.Name);
        }
    }
}
