using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Platform.Files.Files;

/// <summary>
/// Opens a file that something else controls (a module's result file or outputs) without ever
/// blocking or leaving its folder: the open is non-blocking (a FIFO or a device cannot hold the
/// platform in open(2)), resolved beneath the folder (openat2 with RESOLVE_BENEATH, so no '..' or
/// symbolic link leads out of it, even one swapped in after a check), and anything that is not a
/// regular file is refused. The folder itself is the caller's: links on its path are followed.
/// </summary>
public static unsafe partial class RegularFile
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const int ReadOnly = 0;
    private const int NonBlocking = 0x800;
    private const int NoControllingTty = 0x100;
    private const int CloseOnExec = 0x80000;
    private const int PathOnly = 0x200000;
    private const ulong ResolveNoMagicLinks = 0x02;
    private const ulong ResolveNoSymlinks = 0x04;
    private const ulong ResolveBeneath = 0x08;
    private const uint StatxType = 0x1;
    private const uint StatxSize = 0x200;
    private const int TypeMask = 0xF000;
    private const int TypeRegular = 0x8000;
    private const int NoSuchSyscall = 38;

    /// <summary>Same number on every Linux architecture (the syscall table was unified at 5.3).</summary>
    private const long Openat2Syscall = 437;

    /// <summary>How symbolic links inside the folder are treated.</summary>
    public enum Links
    {
        /// <summary>Followed while they stay inside the folder.</summary>
        Beneath,

        /// <summary>Refused anywhere on the path.</summary>
        None,
    }

    /// <summary>The open file, or null with the reason (say, "is a FIFO, not a regular file").</summary>
    /// <param name="folder">An absolute path the platform chose (links on it are followed).</param>
    /// <param name="relative">A path inside <paramref name="folder"/>.</param>
    public static FileStream? OpenRead(string folder, string relative, Links links, out string? problem)
    {
        var handle = OpenHandle(folder, relative, links, out _, out problem);
        return handle is null ? null : new FileStream(handle, FileAccess.Read, bufferSize: 0);
    }

    /// <summary>Whether <see cref="OpenRead"/> would open the file: it is opened, looked at and closed.</summary>
    public static bool IsReadable(string folder, string relative, Links links, out string? problem)
    {
        using var handle = OpenHandle(folder, relative, links, out _, out problem);
        return handle is not null;
    }

    /// <summary>Reads the whole file through <see cref="OpenRead"/>, refusing more than <paramref name="maxBytes"/>.</summary>
    public static byte[]? ReadAll(string folder, string relative, Links links, long maxBytes, out string? problem)
    {
        using var handle = OpenHandle(folder, relative, links, out var length, out problem);
        if (handle is null)
        {
            return null;
        }
        if (length > maxBytes)
        {
            problem = $"is larger than {maxBytes} bytes";
            return null;
        }
        // One byte more than the file shows whether it grew past what was measured. A regular file
        // reads short only at its end, so a short read needs no second one to find it.
        var buffer = new byte[length + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = Read(handle, buffer.AsSpan(total), total)) > 0)
        {
            total += read;
            if (total < buffer.Length)
            {
                break;
            }
        }
        if (total == buffer.Length)
        {
            problem = "grew while it was read";
            return null;
        }
        return buffer[..total];
    }

    /// <summary>pread(2) on Linux: RandomAccess first asks the descriptor with lseek(2) whether it can seek.</summary>
    private static int Read(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        if (!OperatingSystem.IsLinux())
        {
            return RandomAccess.Read(handle, buffer, offset);
        }
        fixed (byte* start = buffer)
        {
            long read;
            do
            {
                read = pread(handle.DangerousGetHandle().ToInt32(), start, buffer.Length, offset);
            }
            while (read < 0 && Marshal.GetLastPInvokeError() == 4);
            return read >= 0 ? (int)read : throw new IOException($"read failed: {Describe(Marshal.GetLastPInvokeError())}");
        }
    }

    /// <summary>
    /// Whether <paramref name="path"/> is a directory reached without a symbolic link anywhere on the
    /// way, the last component included: one openat2 with RESOLVE_NO_SYMLINKS (the trailing '/'
    /// makes anything but a directory fail). Null where openat2 is missing (not Linux, or before 5.6).
    /// </summary>
    public static bool? IsLinkFreeDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var fd = Open2(AtFdCwd, path.EndsWith('/') ? path : path + "/", PathOnly | CloseOnExec, ResolveNoSymlinks | ResolveNoMagicLinks);
        if (fd == -NoSuchSyscall)
        {
            return null;
        }
        if (fd >= 0)
        {
            close(fd);
        }
        return fd >= 0;
    }

    /// <summary>The open file and its length, or null with the reason.</summary>
    private static SafeFileHandle? OpenHandle(string folder, string relative, Links links, out long length, out string? problem)
    {
        length = 0;
        if (!OperatingSystem.IsLinux())
        {
            return OpenPortable(Path.Combine(folder, relative), out length, out problem);
        }
        var folderFd = Open2(AtFdCwd, folder, PathOnly | CloseOnExec, ResolveNoMagicLinks);
        if (folderFd == -NoSuchSyscall)
        {
            // Linux before 5.6: a plain non-blocking open, which at least never blocks.
            return OpenPortable(Path.Combine(folder, relative), out length, out problem);
        }
        if (folderFd < 0)
        {
            problem = $"cannot open its folder {folder}: {Describe(-folderFd)}";
            return null;
        }
        int fd;
        try
        {
            var resolve = ResolveNoMagicLinks | (links == Links.None ? ResolveNoSymlinks | ResolveBeneath : ResolveBeneath);
            fd = Open2(folderFd, relative, ReadOnly | NonBlocking | NoControllingTty | CloseOnExec, resolve);
        }
        finally
        {
            close(folderFd);
        }
        if (fd < 0)
        {
            problem = -fd switch
            {
                2 => "does not exist",
                18 => "leads (through '..' or a symbolic link) outside its folder",
                40 => "is or passes through a symbolic link",
                _ => Describe(-fd),
            };
            return null;
        }
        return Checked(fd, out length, out problem);
    }

    private static SafeFileHandle? Checked(int fd, out long length, out string? problem)
    {
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var type = TypeOf(fd, out length);
        if (type != TypeRegular)
        {
            handle.Dispose();
            problem = type switch
            {
                0x1000 => "is a FIFO, not a regular file",
                0x4000 => "is a directory, not a regular file",
                0x2000 or 0x6000 => "is a device, not a regular file",
                0xC000 => "is a socket, not a regular file",
                _ => "is not a regular file",
            };
            return null;
        }
        problem = null;
        return handle;
    }

    private static SafeFileHandle? OpenPortable(string path, out long length, out string? problem)
    {
        length = 0;
        if (!OperatingSystem.IsLinux())
        {
            var info = new FileInfo(path);
            problem = !info.Exists ? "does not exist" : info.LinkTarget is not null ? "is a symbolic link" : null;
            length = problem is null ? info.Length : 0;
            return problem is null ? File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read) : null;
        }
        var fd = open(path, ReadOnly | NonBlocking | NoControllingTty | CloseOnExec);
        if (fd < 0)
        {
            problem = Describe(Marshal.GetLastPInvokeError());
            return null;
        }
        return Checked(fd, out length, out problem);
    }

    /// <summary>The file type bits of st_mode and the size (statx: the same layout on every architecture); 0 when unknown.</summary>
    private static int TypeOf(int fd, out long length)
    {
        // struct statx is 256 bytes; stx_mode is the 16-bit field at offset 28, stx_size the 64-bit one at 40.
        var buffer = stackalloc byte[256];
        var known = statx(fd, "", AtEmptyPath, StatxType | StatxSize, buffer) == 0;
        length = known ? *(long*)(buffer + 40) : 0;
        return known ? *(ushort*)(buffer + 28) & TypeMask : 0;
    }

    /// <summary>openat2(2); the new descriptor, or minus the error number.</summary>
    private static int Open2(int directoryFd, string path, int flags, ulong resolve)
    {
        var how = stackalloc ulong[3] { (ulong)flags, 0, resolve };
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* name = bytes)
        {
            long result;
            do
            {
                result = syscall(Openat2Syscall, directoryFd, (nint)name, (nint)how, 24);
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == 4);
            return result < 0 ? -Marshal.GetLastPInvokeError() : (int)result;
        }
    }

    private static string Describe(int error) => Marshal.PtrToStringUTF8((nint)strerror(error)) ?? $"error {error}";

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall(long number, long first, nint second, nint third, long fourth);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    private static partial long pread(int fd, byte* buffer, long count, long offset);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial byte* strerror(int error);
}
