using System.Text;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// One output stream's log file, keeping at most a fixed number of bytes. Past the cap the runner
/// keeps reading and this drops, so a chatty module never blocks on a full pipe; a note at the end
/// of the log says what was left out. The file is created with the first byte: a module that
/// prints nothing leaves no log (two file creations fewer per run, which a busy orchestrator feels
/// in file-system journal time).
/// </summary>
internal sealed class CappedLog(string path, long cap) : IDisposable
{
    private FileStream? file;
    private long kept;
    private long dropped;
    private bool broken;

    public void Append(ReadOnlySpan<byte> data)
    {
        var keep = broken ? 0 : (int)Math.Min(data.Length, cap - kept);
        if (keep > 0 && !TryWrite(data[..keep]))
        {
            keep = 0;
        }
        kept += keep;
        dropped += data.Length - keep;
    }

    /// <summary>Closes the log, noting what was dropped and whether the pipe was still open (<paramref name="cutOff"/>).</summary>
    public LogCapture Finish(bool cutOff)
    {
        if (dropped > 0 || cutOff)
        {
            var note = dropped > 0
                ? $"\n[platform] log truncated: kept the first {kept} bytes, dropped {dropped} more{(cutOff ? "; output still open when the run ended" : "")}\n"
                : "\n[platform] log cut off: output still open when the run ended\n";
            TryWrite(Encoding.UTF8.GetBytes(note));
        }
        Dispose();
        return new LogCapture(kept, dropped, cutOff);
    }

    public void Dispose()
    {
        try
        {
            file?.Dispose();
        }
        catch (IOException)
        {
            // Nothing buffered; a failing close loses nothing more.
        }
        file = null;
    }

    /// <summary>
    /// Writes to the log, made on first use. A log that cannot be written (the module deleted its run
    /// folder, the disk is full) drops the rest of the output: the module's run goes on, and its
    /// result decides it, never the platform's logging.
    /// </summary>
    private bool TryWrite(ReadOnlySpan<byte> data)
    {
        if (broken)
        {
            return false;
        }
        try
        {
            // Unbuffered: the runner's read buffer is the buffer, and most modules write little or nothing.
            file ??= new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            file.Write(data);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            broken = true;
            return false;
        }
    }
}
