namespace Platform.Files.Files;

/// <summary>
/// Reads a stream through while feeding every byte to a SHA-256 (and, when given, to a copy of the
/// file), so a file is read once to parse, hash and copy.
/// </summary>
public sealed class HashingReadStream(Stream inner, RunningHash hash, Tables.ScanCopy? copy = null) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    /// <summary>True once a <c>\r</c> went through: the rare file whose line ends need a closer look.</summary>
    public bool SawCarriageReturn { get; private set; }

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        hash.Append(buffer[..read]);
        SawCarriageReturn |= buffer[..read].Contains((byte)'\r');
        copy?.Write(buffer[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
