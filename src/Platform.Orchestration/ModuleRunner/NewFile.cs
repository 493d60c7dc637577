using System.Runtime.InteropServices;
using Platform.Orchestration.ModuleRunner.Native;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Writes a file of a run folder that must not exist yet (request.json, a worker's result.json): one
/// open(2) with O_EXCL, which neither follows a link nor opens a FIFO left in its place, the writes,
/// one close. A FileStream adds two flock(2), an lseek(2) and more per file.
/// </summary>
internal static unsafe class NewFile
{
    private const int WriteOnly = 0x1;
    private const int CreateFlag = 0x40;
    private const int Exclusive = 0x80;
    private const int AlreadyExists = 17;

    /// <summary>Writes the file; false when something is at the path already.</summary>
    /// <exception cref="IOException">Any other failure to create or write the file.</exception>
    public static bool TryWrite(string path, ReadOnlySpan<byte> data)
    {
        var fd = Libc.Create(path, WriteOnly | CreateFlag | Exclusive | Libc.CloseOnExec, 0x1B6);
        if (fd < 0)
        {
            var error = Marshal.GetLastPInvokeError();
            return error == AlreadyExists ? false : throw new IOException($"Cannot create {path}: {Libc.Describe(error)}");
        }
        try
        {
            Write(fd, path, data);
            return true;
        }
        finally
        {
            Libc.Close(fd);
        }
    }

    private static void Write(int fd, string path, ReadOnlySpan<byte> data)
    {
        fixed (byte* start = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var written = Libc.Write(fd, start + done, data.Length - done);
                if (written < 0 && Marshal.GetLastPInvokeError() != Libc.Interrupted)
                {
                    throw new IOException($"Cannot write {path}: {Libc.Describe(Marshal.GetLastPInvokeError())}");
                }
                done += (int)Math.Max(written, 0);
            }
        }
    }
}
