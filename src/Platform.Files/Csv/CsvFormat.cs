using System.Text;
using nietras.SeparatedValues;

namespace Platform.Files.Csv;

/// <summary>
/// The one CSV dialect of the platform, byte-compatible with the earlier Python platform: UTF-8
/// without BOM, ',' separated, '\n' line ends, a field quoted only when it holds a comma, a quote or
/// a line break (quotes doubled). Readers also accept '\r\n'.
/// </summary>
public static class CsvFormat
{
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static readonly Sep Separator = Sep.New(',');

    /// <summary>Reads every record, header included, as raw fields; the caller checks the header.</summary>
    public static SepReader OpenReader(Stream stream) =>
        Separator.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true, DisableQuotesParsing = false })
            .From(stream);

    public static SepReader OpenReader(string text) =>
        Separator.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true })
            .FromText(text);

    /// <summary>Every record of a small CSV text (header included) as field arrays.</summary>
    public static List<string[]> ReadAll(string text)
    {
        using var reader = OpenReader(text);
        return Records(reader).ToList();
    }

    /// <summary>
    /// The records of <paramref name="text"/> (header included) one at a time, as field arrays: a
    /// table of any length is read in constant memory. Invalid UTF-8 throws, as in every other reader.
    /// </summary>
    public static IEnumerable<string[]> ReadEach(TextReader text)
    {
        using var reader = Separator.Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
        foreach (var fields in Records(reader))
        {
            yield return fields;
        }
    }

    private static IEnumerable<string[]> Records(SepReader reader)
    {
        while (reader.MoveNext())
        {
            yield return Fields(reader.Current);
        }
    }

    private static string[] Fields(SepReader.Row row)
    {
        var fields = new string[row.ColCount];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = row[i].ToString();
        }
        return fields;
    }

    /// <summary>Writes rows (and the header when asked) in the platform dialect.</summary>
    public static void Write(TextWriter output, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, bool writeHeader)
    {
        using var writer = new CsvRowWriter(output, header, writeHeader);
        foreach (var fields in rows)
        {
            writer.Row(fields);
        }
    }

    /// <summary>The bytes of rows as they will be written to a file, the header first only when <paramref name="writeHeader"/> (false to append).</summary>
    public static byte[] Encode(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, bool writeHeader)
    {
        var text = new StringWriter();
        Write(text, header, rows, writeHeader);
        return Utf8.GetBytes(text.ToString());
    }
}
