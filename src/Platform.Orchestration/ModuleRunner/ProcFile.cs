using Platform.Orchestration.ModuleRunner.Native;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Reads small /proc files with open(2)/read(2) directly. Processes come and go while the runner looks
/// at them; .NET's file APIs report each vanished one by throwing, and a sweep meets many.
/// The files read here (loadavg, a process's stat and environ) hand over all they hold up to the size
/// asked for in one read, so a short read is their end: no second read to see the end of file.
/// </summary>
internal static unsafe class ProcFile
{
    /// <summary>The file's first bytes (up to the buffer's size), or -1 when it cannot be read.</summary>
    public static int TryRead(string path, Span<byte> buffer)
    {
        var fd = Libc.Open(path, Libc.ReadOnly | Libc.CloseOnExec);
        if (fd < 0)
        {
            return -1;
        }
        try
        {
            fixed (byte* start = buffer)
            {
                var read = (int)Libc.Read(fd, start, buffer.Length);
                return read < 0 ? -1 : read;
            }
        }
        finally
        {
            Libc.Close(fd);
        }
    }
}
