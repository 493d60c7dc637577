using System.Text;

namespace Platform.Cli.Output.Workflows;

/// <summary>GitHub-flavoured Markdown for step summaries: tables and text whose values cannot break the layout or inject HTML.</summary>
public static class Markdown
{
    /// <summary>Rows beyond this are counted, not shown: a step summary holds at most 1 MiB.</summary>
    public const int MaxRows = 200;

    public static string Text(string? value) =>
        (value ?? "").Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    public static void Table(StringBuilder text, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        text.Append('|').AppendJoin('|', headers.Select(h => $" {h} ")).Append("|\n");
        text.Append('|').AppendJoin('|', headers.Select(_ => "---")).Append("|\n");
        var count = 0;
        foreach (var row in rows)
        {
            if (++count > MaxRows)
            {
                continue;
            }
            text.Append('|').AppendJoin('|', row.Select(cell => $" {Cell(cell)} ")).Append("|\n");
        }
        if (count > MaxRows)
        {
            text.Append("\n… and ").Append(count - MaxRows).Append(" more row(s): see the log\n");
        }
        text.Append('\n');
    }

    private static string Cell(string? value) => Text(value).Replace("|", "\\|", StringComparison.Ordinal);
}
