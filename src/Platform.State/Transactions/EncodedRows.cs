using System.Buffers;
using System.Globalization;
using Platform.Files.Csv;

namespace Platform.State.Transactions;

/// <summary>
/// Rows encoded as <see cref="CsvFormat.Encode"/> encodes them (the same bytes), into a buffer
/// rented from the shared pool instead of one large string and one large array: a commit's rows
/// are often large objects, and each new one costs a full collection. Return it with Dispose.
/// </summary>
internal sealed class EncodedRows : IDisposable
{
    private byte[] buffer;

    private EncodedRows(byte[] buffer, int length)
    {
        this.buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, Length);

    public static EncodedRows Of(TableSchema table, IEnumerable<IReadOnlyList<string>> rows, bool writeHeader)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        CsvFormat.Write(text, table.Header, rows, writeHeader);
        var builder = text.GetStringBuilder();
        var buffer = ArrayPool<byte>.Shared.Rent(CsvFormat.Utf8.GetMaxByteCount(builder.Length));
        // One encoder across the chunks: a surrogate pair split between two chunks is encoded whole.
        var encoder = CsvFormat.Utf8.GetEncoder();
        var length = 0;
        foreach (var chunk in builder.GetChunks())
        {
            length += encoder.GetBytes(chunk.Span, buffer.AsSpan(length), flush: false);
        }
        length += encoder.GetBytes([], buffer.AsSpan(length), flush: true);
        return new EncodedRows(buffer, length);
    }

    public void Dispose()
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = [];
        }
    }
}
