using System.Buffers;

namespace Platform.Files.Csv;

/// <summary>Counts CSV records in raw bytes: line ends outside quoted fields.</summary>
public static class CsvRecords
{
    /// <summary>
    /// The records ending in <paramref name="bytes"/>, which must start at a record boundary. A quote
    /// toggles "inside a field" (a doubled quote toggles twice), so only line ends outside fields count.
    /// </summary>
    public static long Count(ReadOnlySpan<byte> bytes)
    {
        var quoted = false;
        return Count(bytes, ref quoted);
    }

    private static long Count(ReadOnlySpan<byte> bytes, ref bool quoted)
    {
        long records = 0;
        while (!bytes.IsEmpty)
        {
            var next = bytes.IndexOfAny((byte)'"', (byte)'\n');
            if (next < 0)
            {
                break;
            }
            if (bytes[next] == (byte)'"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                records++;
            }
            bytes = bytes[(next + 1)..];
        }
        return records;
    }

    /// <summary>The records in <paramref name="length"/> bytes of a file from <paramref name="offset"/>, read in blocks.</summary>
    public static long Count(string path, long offset, long length)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        stream.Position = offset;
        // Pooled: a new large buffer per call (every publish counts its tables' new rows) costs a full collection.
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            long records = 0;
            var quoted = false;
            while (length > 0)
            {
                var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
                if (read == 0)
                {
                    throw new EndOfStreamException($"{path} ends before byte {offset + length}");
                }
                records += Count(buffer.AsSpan(0, read), ref quoted);
                length -= read;
            }
            return records;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
