using System.CommandLine;
using System.Text.Json.Nodes;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Domain.Errors;
using Platform.Domain.Ids;

namespace Platform.Cli.Commands;

/// <summary><c>platform ids new TYPE [--count N]</c> and <c>platform ids check TYPE VALUE</c>.</summary>
public static class IdsCommand
{
    private const int MaxCount = 100_000;

    public static Command Create(CommonOptions options)
    {
        var typeNames = string.Join(", ", IdKind.All.Select(k => k.Name));
        var command = new Command("ids", "Generate or check platform IDs");

        var newType = new Argument<string>("TYPE") { Description = $"One of: {typeNames}" };
        var count = new Option<string>("--count") { Description = $"How many IDs (1-{MaxCount})", DefaultValueFactory = _ => "1" };
        var generate = new Command("new", "Print new random IDs, one per line") { newType, count };
        generate.SetBody(options, (parse, _) =>
        {
            var kind = KindOf(parse.GetValue(newType));
            var text = parse.GetValue(count) ?? "1";
            if (!int.TryParse(text, out var n) || n < 1 || n > MaxCount)
            {
                throw PlatformException.BadInput(new Violation(null, null, "--count", text, $"must be a whole number from 1 to {MaxCount}"));
            }
            var ids = IdGenerator.NewValues(kind, n);
            var report = new CommandReport().Set("type", kind.Name).Set("ids", new JsonArray(ids.Select(i => (JsonNode)i).ToArray()));
            report.Lines.AddRange(ids);
            return report;
        });

        var checkType = new Argument<string>("TYPE") { Description = $"One of: {typeNames}" };
        var value = new Argument<string>("VALUE") { Description = "The ID to check" };
        var check = new Command("check", "Check that a value is a valid ID of a type (exit 0 valid, 2 invalid)") { checkType, value };
        check.SetBody(options, (parse, _) =>
        {
            var kind = KindOf(parse.GetValue(checkType));
            var text = parse.GetValue(value) ?? "";
            var problem = Base62.Problem(kind, text);
            if (problem is not null)
            {
                throw PlatformException.BadInput(new Violation(null, null, kind.Name, text, $"invalid {kind.Name}: {problem}"));
            }
            return new CommandReport().Set("type", kind.Name).Set("value", text).Set("valid", true).Line($"valid {kind.Name}: {text}");
        });

        command.Subcommands.Add(generate);
        command.Subcommands.Add(check);
        return command;
    }

    private static IdKind KindOf(string? name) =>
        IdKind.FindByName(name ?? "")
        ?? throw PlatformException.BadInput(new Violation(null, null, "TYPE", name ?? "",
            $"is not an ID type; one of {string.Join(", ", IdKind.All.Select(k => k.Name))}"));
}
