using Platform.Domain.Errors;

namespace Platform.Cli.Output.Workflows;

/// <summary>
/// GitHub Actions workflow commands for errors: <c>::error file=F,line=R,title=T::message</c>, which the run
/// page shows against the file and line. Escaped as the Actions toolkit does, so a value cannot end the command.
/// </summary>
public static class GitHubAnnotations
{
    /// <summary>GitHub shows only the first few annotations of a step; more would only fill the log.</summary>
    public const int Limit = 50;

    public static IEnumerable<string> Errors(string title, IReadOnlyList<Violation> violations)
    {
        foreach (var v in violations.Take(Limit))
        {
            var properties = new List<string>();
            if (v.File is { Length: > 0 } file)
            {
                properties.Add("file=" + Property(file));
                if (v.Row is long row)
                {
                    properties.Add("line=" + row.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            properties.Add("title=" + Property(title));
            // The location is in the properties; the message keeps field, value and rule.
            var message = (v with { File = null, Row = null }).ToString();
            yield return $"::error {string.Join(',', properties)}::{Data(message)}";
        }
        if (violations.Count > Limit)
        {
            yield return $"::error title={Property(title)}::{violations.Count - Limit} more error(s): see the log";
        }
    }

    private static string Data(string text) =>
        text.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    private static string Property(string text) =>
        Data(text).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
