namespace Platform.Files.Csv;

/// <summary>
/// Finds what the CSV reader forgives but the dialect forbids in a file the platform writes: a
/// byte order mark, and records that end with <c>\r\n</c>. A <c>\r</c> inside a quoted field is
/// data, so records are told apart from quoted line breaks.
/// </summary>
public static class CsvLineEnds
{
    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    public static bool StartsWithBom(string path)
    {
        Span<byte> start = stackalloc byte[3];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return stream.ReadAtLeast(start, 3, throwOnEndOfStream: false) == 3 && start.SequenceEqual(Bom);
    }

    /// <summary>The row number (header = 1) of the first record that ends with <c>\r\n</c>, or null.</summary>
    public static long? FirstCrlfRow(string path)
    {
        using var stream = new BufferedStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0), 1 << 16);
        long row = 1;
        var quoted = false;
        var previous = -1;
        for (var b = stream.ReadByte(); b >= 0; previous = b, b = stream.ReadByte())
        {
            if (b == '"')
            {
                quoted = !quoted;
            }
            else if (b == '\n' && !quoted)
            {
                if (previous == '\r')
                {
                    return row;
                }
                row++;
            }
        }
        return null;
    }
}
