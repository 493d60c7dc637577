using Platform.Orchestration.ModuleRunner.Native;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Reads small /proc files with open(2)/read(2) directly. Processes come and go while the runner looks
/// at them; .NET's file APIs report each vanished one by throwing, and a sweep meets many.
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
            var total = 0;
            fixed (byte* start = buffer)
            {
                while (total < buffer.Length)
                {
                    var read = (int)Libc.Read(fd, start + total, buffer.Length - total);
                    if (read <= 0)
                    {
                        return read < 0 && total == 0 ? -1 : total;
                    }
                    total += read;
                }
            }
            return total;
        }
        finally
        {
            Libc.Close(fd);
        }
    }
}
