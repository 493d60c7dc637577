using System.Text;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Copies a child's output pipe into a log file, keeping at most a fixed number of bytes. Past the
/// cap it keeps reading and discarding, so a chatty module never blocks on a full pipe; a note at
/// the end of the log says what was left out. The file is created with the first byte: a module
/// that prints nothing leaves no log (two file creations fewer per run, which a busy
/// orchestrator feels in file-system journal time).
/// </summary>
internal static class CappedLog
{
    private const int ChunkSize = 64 * 1024;

    public static async Task<LogCapture> CopyAsync(Stream source, string path, long cap, CancellationToken cancellationToken)
    {
        long kept = 0;
        long dropped = 0;
        var cutOff = false;
        // Unbuffered: the pooled chunk is the buffer, and most modules write little or nothing.
        FileStream? log = null;
        FileStream Log() => log ??= new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                var keep = (int)Math.Min(read, cap - kept);
                if (keep > 0)
                {
                    Log().Write(buffer, 0, keep);
                    kept += keep;
                }
                dropped += read - keep;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The platform stopped waiting (a process it could not find still holds the pipe).
            cutOff = true;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
        if (dropped > 0 || cutOff)
        {
            var note = dropped > 0
                ? $"\n[platform] log truncated: kept the first {kept} bytes, dropped {dropped} more{(cutOff ? "; output still open when the run ended" : "")}\n"
                : "\n[platform] log cut off: output still open when the run ended\n";
            Log().Write(Encoding.UTF8.GetBytes(note));
        }
        if (log is not null)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }
        return new LogCapture(kept, dropped, cutOff);
    }
}
