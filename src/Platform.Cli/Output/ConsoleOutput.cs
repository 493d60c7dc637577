using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Spectre.Console;

namespace Platform.Cli.Output;

/// <summary>Writes reports and errors: results to stdout, logs and errors to stderr.</summary>
public sealed class ConsoleOutput(bool json, TextWriter stdout, TextWriter stderr)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IAnsiConsole errors = CreateConsole(stderr);

    public bool Json => json;

    /// <summary>Where a workflow run also learns the outcome (step summary, annotations); null outside one.</summary>
    public Workflows.WorkflowReport? Workflow { get; init; }

    /// <summary>A progress or log line; always stderr, so stdout stays one JSON object.</summary>
    public void Log(string line) => errors.MarkupLine($"[grey]{Markup.Escape(line)}[/]");

    public void Report(CommandReport report)
    {
        Workflow?.Finished(report);
        if (json)
        {
            report.Json["ok"] = report.ExitCode == ExitCode.Success;
            report.Json["exit_code"] = (int)report.ExitCode;
            foreach (var line in report.Lines)
            {
                stderr.WriteLine(line);
            }
            stdout.WriteLine(report.Json.ToJsonString(JsonOptions));
            return;
        }
        var target = report.ExitCode == ExitCode.Success ? stdout : stderr;
        foreach (var line in report.Lines)
        {
            target.WriteLine(line);
        }
    }

    public void Fail(ExitCode code, IReadOnlyList<Violation> violations, long? total = null)
    {
        Workflow?.Failed(code, violations);
        var lines = violations.Select(v => "error: " + v).ToList();
        if (total is long all && all > violations.Count)
        {
            lines.Add($"error: ... and {all - violations.Count} more");
        }
        foreach (var line in lines)
        {
            // Plain text: an error is one line for grep and logs, never wrapped or decorated.
            stderr.WriteLine(line);
        }
        if (json)
        {
            var obj = new JsonObject
            {
                ["ok"] = false,
                ["exit_code"] = (int)code,
                ["errors"] = new JsonArray(violations.Select(v => (JsonNode)ViolationJson(v)).ToArray()),
            };
            stdout.WriteLine(obj.ToJsonString(JsonOptions));
        }
    }

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
        });
        console.Profile.Width = 4096; // log lines stay whole when stderr is a file or a pipe
        return console;
    }

    public static JsonObject ViolationJson(Violation v) => new()
    {
        ["file"] = v.File,
        ["row"] = v.Row,
        ["field"] = v.Field,
        ["value"] = v.Value,
        ["message"] = v.Message,
    };
}
