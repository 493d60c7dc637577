using System.Buffers;

namespace Platform.Files.Files;

/// <summary>Byte ranges of files: the one loop that copies a range, hashing it on the way.</summary>
public static class FileRange
{
    /// <summary>Copies <paramref name="bytes"/> bytes of <paramref name="path"/> from <paramref name="from"/> into <paramref name="output"/>, adding them to <paramref name="hash"/>.</summary>
    public static void Copy(string path, long from, long bytes, Stream output, RunningHash? hash = null)
    {
        using var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        input.Position = from;
        // Pooled: a new large buffer per copy (every pack a publish builds) costs a full collection.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(bytes, 1, 1 << 20));
        try
        {
            for (var left = bytes; left > 0;)
            {
                var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw new EndOfStreamException($"{path} ends before byte {from + bytes}");
                }
                output.Write(buffer, 0, read);
                hash?.Append(buffer, 0, read);
                left -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
