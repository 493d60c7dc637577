using System.Text;
using Platform.Domain.Errors;

namespace Platform.Cli.Output.Workflows;

/// <summary>
/// The Markdown a command appends to the step summary: a heading with the outcome, then what it did (its
/// own Markdown when it has some, else its report lines), then every violation as a table row.
/// </summary>
public static class StepSummary
{
    public static string Render(string command, CommandReport report)
    {
        var text = Heading(command, report.ExitCode);
        if (report.Summary is { } own)
        {
            text.Append(own.TrimEnd('\n')).Append("\n\n");
        }
        // With Markdown of its own the command's lines are left out, except its errors.
        var lines = report.Lines.Where(l => l.StartsWith("error: ", StringComparison.Ordinal)
            ? report.Violations.Count == 0 : report.Summary is null).ToList();
        foreach (var line in lines.Take(Markdown.MaxRows))
        {
            text.Append("- ").Append(Markdown.Text(line)).Append('\n');
        }
        if (lines.Count > Markdown.MaxRows)
        {
            text.Append("- … and ").Append(lines.Count - Markdown.MaxRows).Append(" more line(s): see the log\n");
        }
        if (lines.Count > 0)
        {
            text.Append('\n');
        }
        Violations(text, report.Violations);
        return text.ToString();
    }

    public static string RenderFailure(string command, ExitCode code, IReadOnlyList<Violation> violations)
    {
        var text = Heading(command, code);
        if (code == ExitCode.BadInput)
        {
            text.Append("Rejected: nothing was changed.\n\n");
        }
        Violations(text, violations);
        return text.ToString();
    }

    private static StringBuilder Heading(string command, ExitCode code) =>
        new StringBuilder("### ").Append(code == ExitCode.Success ? "✅ " : "❌ ").Append("platform ").Append(command)
            .Append(code == ExitCode.Success ? "" : $": failed (exit {(int)code}, {Describe(code)})").Append("\n\n");

    private static string Describe(ExitCode code) => code switch
    {
        ExitCode.BadInput => "bad input or a failed check",
        ExitCode.StateConflict => "state conflict",
        ExitCode.StoreUnavailable => "store unreachable or refused",
        _ => "unexpected",
    };

    private static void Violations(StringBuilder text, IReadOnlyList<Violation> violations)
    {
        if (violations.Count == 0)
        {
            return;
        }
        text.Append("**").Append(violations.Count).Append(" error(s)**\n\n");
        Markdown.Table(text, ["file", "row", "field", "value", "message"],
            violations.Select(v => (IReadOnlyList<string?>)[v.File, v.Row?.ToString(System.Globalization.CultureInfo.InvariantCulture), v.Field, v.Value, v.Message]));
    }
}
