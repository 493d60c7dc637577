using YamlDotNet.Core;

namespace Platform.Repository.Yaml;

/// <summary>
/// Reads the plain YAML shapes nearly every repository file uses, in one pass over the text:
/// block mappings with simple keys, block sequences (of mappings or single values), one-line flow
/// collections, plain and single-line quoted scalars, comments. YamlDotNet costs tens of microseconds
/// per small file, which dominates maintenance on 10,000 work orders.
/// Anything else (anchors, tags, block or multi-line scalars, escapes, quoted keys, several documents,
/// tabs, odd indentation, a key given twice, nesting deeper than <see cref="PlainValue.MaxDepth"/>,
/// anything invalid) is declined: null, and the caller parses
/// the file with YamlDotNet, which also words every syntax error. So this reader never reports an error,
/// and for what it accepts it yields the same values, styles and lines as YamlDotNet (see the tests).
/// </summary>
public static class SimpleYamlReader
{
    /// <summary>The root mapping, or null when the text is outside the simple shapes.</summary>
    public static YamlMap? TryRead(string text)
    {
        var lines = YamlSourceLines.ContentLines(text);
        if (lines is null || lines.Count == 0 || lines[0].Indent != 0)
        {
            return null;
        }
        var reader = new Reader(text, lines);
        var next = 0;
        var root = reader.Mapping(ref next, 0, lines[0].Start);
        return next == lines.Count ? root : null;
    }

    private sealed class Reader(string text, List<YamlSourceLine> lines)
    {
        /// <summary>Collections open around the current one; past <see cref="PlainValue.MaxDepth"/> the text is declined.</summary>
        private int depth;

        /// <summary>Enters a collection; false when that nests it deeper than the limit every YAML value has.</summary>
        private bool Enter() => ++depth <= PlainValue.MaxDepth;

        private T Leave<T>(T value)
        {
            depth--;
            return value;
        }

        /// <summary>A block mapping whose keys sit at <paramref name="column"/>; the first key starts at offset <paramref name="first"/>.</summary>
        public YamlMap? Mapping(ref int next, int column, int first)
        {
            if (!Enter())
            {
                return null;
            }
            var entries = new List<KeyValuePair<YamlValue, YamlValue>>(8);
            var mappingLine = lines[next].Number;
            var at = first;
            while (true)
            {
                var line = lines[next];
                var keyEnd = KeyEnd(at, line.End);
                if (keyEnd < 0 || HasKey(entries, at, keyEnd))
                {
                    return null;
                }
                var key = new YamlScalar(text[at..keyEnd], ScalarStyle.Plain, line.Number);
                var valueAt = SkipSpaces(keyEnd + 1, line.End);
                YamlValue? value;
                if (valueAt == line.End || text[valueAt] == '#')
                {
                    next++;
                    value = NestedBlock(ref next, column, line.Number);
                }
                else
                {
                    value = Inline(valueAt, line.End, line.Number);
                    next++;
                    // A more indented line would continue a multi-line scalar (or be an error).
                    if (next < lines.Count && lines[next].Indent > column)
                    {
                        return null;
                    }
                }
                if (value is null)
                {
                    return null;
                }
                entries.Add(KeyValuePair.Create<YamlValue, YamlValue>(key, value));
                if (next == lines.Count || lines[next].Indent < column)
                {
                    return Leave(new YamlMap(entries, mappingLine));
                }
                if (lines[next].Indent != column)
                {
                    return null;
                }
                at = lines[next].Start + column;
            }
        }

        /// <summary>The value of a key written with nothing after its colon: a more indented block, or an empty scalar.</summary>
        private YamlValue? NestedBlock(ref int next, int column, int keyLine)
        {
            if (next == lines.Count || lines[next].Indent < column)
            {
                return new YamlScalar("", ScalarStyle.Plain, keyLine);
            }
            var line = lines[next];
            var at = line.Start + line.Indent;
            var isItem = text[at] == '-' && (at + 1 == line.End || text[at + 1] == ' ');
            if (line.Indent == column)
            {
                // A sequence at the key's own indentation is valid YAML, but left to the general parser.
                return isItem ? null : new YamlScalar("", ScalarStyle.Plain, keyLine);
            }
            return isItem ? Sequence(ref next, line.Indent) : Mapping(ref next, line.Indent, at);
        }

        private YamlList? Sequence(ref int next, int column)
        {
            if (!Enter())
            {
                return null;
            }
            var items = new List<YamlValue>(4);
            var sequenceLine = lines[next].Number;
            while (next < lines.Count && lines[next].Indent == column)
            {
                var line = lines[next];
                var dash = line.Start + column;
                if (text[dash] != '-' || dash + 1 == line.End || text[dash + 1] != ' ')
                {
                    return null;
                }
                var at = SkipSpaces(dash + 1, line.End);
                if (at == line.End || text[at] == '#' || (text[at] == '-' && (at + 1 == line.End || text[at + 1] == ' ')))
                {
                    return null;
                }
                YamlValue? item;
                if (KeyEnd(at, line.End) > 0)
                {
                    item = Mapping(ref next, at - line.Start, at);
                }
                else
                {
                    item = Inline(at, line.End, line.Number);
                    next++;
                }
                if (item is null)
                {
                    return null;
                }
                items.Add(item);
            }
            if (next < lines.Count && lines[next].Indent > column)
            {
                return null;
            }
            return Leave(new YamlList(items, sequenceLine));
        }

        /// <summary>A value on the rest of a line: a flow collection or a scalar, then at most a comment.</summary>
        private YamlValue? Inline(int at, int end, int line)
        {
            YamlValue? value;
            int after;
            switch (text[at])
            {
                case '[' or '{':
                    after = at;
                    value = Flow(ref after, end, line);
                    break;
                case '\'' or '"':
                    after = at;
                    value = Quoted(ref after, end, line);
                    break;
                default:
                    return PlainInBlock(at, end, line);
            }
            if (value is null)
            {
                return null;
            }
            var rest = SkipSpaces(after, end);
            return rest == end || (text[rest] == '#' && rest > after) ? value : null;
        }

        private YamlScalar? PlainInBlock(int at, int end, int line)
        {
            if (!CanStartPlain(at, end))
            {
                return null;
            }
            var stop = end;
            for (var i = at + 1; i < end; i++)
            {
                if (text[i] == '#' && text[i - 1] == ' ')
                {
                    stop = i;
                    break;
                }
                if (text[i] == ':' && (i + 1 == end || text[i + 1] == ' '))
                {
                    return null;
                }
            }
            while (stop > at && text[stop - 1] == ' ')
            {
                stop--;
            }
            return new YamlScalar(text[at..stop], ScalarStyle.Plain, line);
        }

        private YamlValue? Flow(ref int at, int end, int line)
        {
            if (!Enter())
            {
                return null;
            }
            var isList = text[at] == '[';
            var close = isList ? ']' : '}';
            List<YamlValue>? items = isList ? new List<YamlValue>(4) : null;
            List<KeyValuePair<YamlValue, YamlValue>>? entries = isList ? null : new List<KeyValuePair<YamlValue, YamlValue>>(4);
            at = SkipSpaces(at + 1, end);
            if (at < end && text[at] == close)
            {
                at++;
                return Leave<YamlValue>(isList ? new YamlList(items!, line) : new YamlMap(entries!, line));
            }
            while (true)
            {
                if (items is not null)
                {
                    if (FlowItem(ref at, end, line) is not YamlValue item)
                    {
                        return null;
                    }
                    items.Add(item);
                }
                else
                {
                    var keyEnd = KeyEnd(at, end);
                    if (keyEnd < 0 || keyEnd + 1 == end || text[keyEnd + 1] != ' ' || HasKey(entries!, at, keyEnd))
                    {
                        return null;
                    }
                    var key = new YamlScalar(text[at..keyEnd], ScalarStyle.Plain, line);
                    at = SkipSpaces(keyEnd + 1, end);
                    if (FlowItem(ref at, end, line) is not YamlValue value)
                    {
                        return null;
                    }
                    entries!.Add(KeyValuePair.Create<YamlValue, YamlValue>(key, value));
                }
                at = SkipSpaces(at, end);
                if (at == end)
                {
                    return null;
                }
                if (text[at] == close)
                {
                    at++;
                    return Leave<YamlValue>(isList ? new YamlList(items!, line) : new YamlMap(entries!, line));
                }
                if (text[at] != ',')
                {
                    return null;
                }
                at = SkipSpaces(at + 1, end);
            }
        }

        /// <summary>Whether the mapping so far already holds the key written at [start, end): YAML refuses a key given twice.</summary>
        private bool HasKey(List<KeyValuePair<YamlValue, YamlValue>> entries, int start, int end)
        {
            var key = text.AsSpan(start, end - start);
            foreach (var entry in entries)
            {
                if (key.SequenceEqual(((YamlScalar)entry.Key).Text))
                {
                    return true;
                }
            }
            return false;
        }

        private YamlValue? FlowItem(ref int at, int end, int line)
        {
            if (at == end)
            {
                return null;
            }
            switch (text[at])
            {
                case '[' or '{':
                    return Flow(ref at, end, line);
                case '\'' or '"':
                    return Quoted(ref at, end, line);
            }
            if (!CanStartPlain(at, end))
            {
                return null;
            }
            var stop = at;
            while (stop < end && text[stop] is not (',' or '[' or ']' or '{' or '}'))
            {
                if (text[stop] is ':' or '#')
                {
                    return null;
                }
                stop++;
            }
            var after = stop;
            while (stop > at && text[stop - 1] == ' ')
            {
                stop--;
            }
            var scalar = new YamlScalar(text[at..stop], ScalarStyle.Plain, line);
            at = after;
            return scalar;
        }

        /// <summary>A single- or double-quoted scalar closed on the same line; double quotes only without escapes.</summary>
        private YamlScalar? Quoted(ref int at, int end, int line)
        {
            var quote = text[at];
            var start = at + 1;
            var i = start;
            var doubled = false;
            while (true)
            {
                if (i >= end)
                {
                    return null;
                }
                var c = text[i];
                if (c == quote)
                {
                    if (quote == '\'' && i + 1 < end && text[i + 1] == '\'')
                    {
                        doubled = true;
                        i += 2;
                        continue;
                    }
                    break;
                }
                if (quote == '"' && c == '\\')
                {
                    return null;
                }
                i++;
            }
            at = i + 1;
            var value = doubled ? text[start..i].Replace("''", "'", StringComparison.Ordinal) : text[start..i];
            return new YamlScalar(value, quote == '\'' ? ScalarStyle.SingleQuoted : ScalarStyle.DoubleQuoted, line);
        }

        /// <summary>Where a simple key (letters, digits, '_', '-', '.') ends at a colon followed by a space or the line end; -1 otherwise.</summary>
        private int KeyEnd(int at, int end)
        {
            if (at >= end || !(char.IsAsciiLetterOrDigit(text[at]) || text[at] == '_'))
            {
                return -1;
            }
            var i = at + 1;
            while (i < end && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-' or '.'))
            {
                i++;
            }
            return i < end && text[i] == ':' && (i + 1 == end || text[i + 1] == ' ') ? i : -1;
        }

        /// <summary>A plain scalar may not start with an indicator; '-' only when something other than a space follows.</summary>
        private bool CanStartPlain(int at, int end) => text[at] switch
        {
            '-' => at + 1 < end && text[at + 1] is not (' ' or ',' or '[' or ']' or '{' or '}'),
            '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' => false,
            _ => true,
        };

        private int SkipSpaces(int at, int end)
        {
            while (at < end && text[at] == ' ')
            {
                at++;
            }
            return at;
        }
    }
}
