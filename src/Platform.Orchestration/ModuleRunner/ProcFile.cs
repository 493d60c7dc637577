using System.Runtime.InteropServices;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Reads small /proc files with open(2)/read(2) directly. Processes come and go while the runner looks
/// at them; .NET's file APIs report each vanished one by throwing, and a sweep meets many.
/// </summary>
internal static partial class ProcFile
{
    private const int ReadOnly = 0;

    /// <summary>The file's first bytes (up to the buffer's size), or -1 when it cannot be read.</summary>
    public static int TryRead(string path, Span<byte> buffer)
    {
        var fd = open(path, ReadOnly);
        if (fd < 0)
        {
            return -1;
        }
        try
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var read = (int)ReadInto(fd, buffer[total..]);
                if (read <= 0)
                {
                    return read < 0 && total == 0 ? -1 : total;
                }
                total += read;
            }
            return total;
        }
        finally
        {
            close(fd);
        }
    }

    private static unsafe nint ReadInto(int fd, Span<byte> buffer)
    {
        fixed (byte* pointer = buffer)
        {
            return read(fd, pointer, buffer.Length);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read")]
    private static unsafe partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close(int fd);
}
