using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Platform.Cli.Output;

/// <summary>
/// How the read-only views print rows: a table (Spectre.Console; colours only on a terminal), CSV in
/// the platform's dialect, or JSON. With <c>--json</c> the rows go into the one JSON object instead.
/// </summary>
public static class ViewOutput
{
    public static Option<string> FormatOption(params string[] formats)
    {
        var option = new Option<string>("--format") { Description = $"Output: {string.Join(", ", formats)} (default {formats[0]})", DefaultValueFactory = _ => formats[0] };
        option.AcceptOnlyFromAmong(formats);
        return option;
    }

    /// <param name="key">The JSON property that holds the rows.</param>
    /// <param name="json">The rows as JSON objects (typed numbers), in the same order as <paramref name="rows"/>.</param>
    public static CommandReport Rows(CommandReport report, bool jsonOutput, string format, string key,
        IReadOnlyList<string> header, IReadOnlyList<string[]> rows, JsonArray json)
    {
        report.Set(key, json);
        if (jsonOutput)
        {
            return report;
        }
        switch (format)
        {
            case "csv":
                var csv = new StringWriter();
                Files.Csv.CsvFormat.Write(csv, header, rows, writeHeader: true);
                return report.Line(csv.ToString().TrimEnd('\n'));
            case "json":
                return report.Line(new JsonObject { [key] = json.DeepClone() }.ToJsonString());
            default:
                return report.Line(Table(header, rows));
        }
    }

    private static string Table(IReadOnlyList<string> header, IReadOnlyList<string[]> rows)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in header)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }
        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        var text = new StringWriter();
        var terminal = !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(text),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        console.Profile.Width = terminal ? Math.Max(Console.WindowWidth, 80) : 4096;
        console.Write(table);
        // Spectre pads every line to the table's width: trailing blanks are noise in a file or a pipe.
        return string.Join('\n', text.ToString().Split('\n').Select(l => l.TrimEnd()).SkipWhile(l => l.Length == 0)).TrimEnd('\n');
    }
}
