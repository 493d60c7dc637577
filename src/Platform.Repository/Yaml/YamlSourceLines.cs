namespace Platform.Repository.Yaml;

/// <summary>A line of YAML holding content: its 1-based number, offsets in the text and indentation.</summary>
internal readonly record struct YamlSourceLine(int Number, int Start, int End, int Indent);

/// <summary>
/// Splits a YAML text into its content lines for <see cref="SimpleYamlReader"/>, or declines the
/// whole text (null) when a character or marker in it is for YamlDotNet's rules alone.
/// </summary>
internal static class YamlSourceLines
{
    /// <summary>Lines holding content (not blank, not only a comment); null when the text needs the general parser.</summary>
    public static List<YamlSourceLine>? ContentLines(string text)
    {
        // One vectorised scan of the whole text rather than one per line.
        if (NeedsGeneralParser(text))
        {
            return null;
        }
        var lines = new List<YamlSourceLine>(text.Length / 24);
        var start = 0;
        var number = 1;
        while (start <= text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline;
            var line = text.AsSpan(start, end - start);
            var indent = 0;
            while (indent < line.Length && line[indent] == ' ')
            {
                indent++;
            }
            if (indent < line.Length && line[indent] != '#')
            {
                // Directives and document markers belong to the general parser.
                if (indent == 0 && (line[0] == '%' || line.StartsWith("---") || line.StartsWith("...")))
                {
                    return null;
                }
                lines.Add(new YamlSourceLine(number, start, end, indent));
            }
            if (newline < 0)
            {
                break;
            }
            start = newline + 1;
            number++;
        }
        return lines;
    }

    /// <summary>
    /// Tabs, carriage returns, control characters (which YAML forbids), and the characters YAML also
    /// reads as line breaks or byte order marks: all left to YamlDotNet's rules. Line feeds are the
    /// only control character the simple reader handles.
    /// </summary>
    private static bool NeedsGeneralParser(ReadOnlySpan<char> text) =>
        text.ContainsAnyInRange('\0', '\u0009') || text.ContainsAnyInRange('\u000B', '\u001F') || text.ContainsAnyInRange('\u007F', '\u009F')
        || text.ContainsAny('\u2028', '\u2029', '\uFEFF') || text.ContainsAnyInRange('\uFFFE', '\uFFFF');
}
