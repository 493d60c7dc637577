using System.Runtime.InteropServices;

namespace Platform.Orchestration.ModuleRunner.Native;

/// <summary>
/// The Linux C library calls the module runner makes itself: process spawning, pidfd, poll and
/// plain file descriptor I/O. Every call returns -1 (or an error number, for posix_spawn) rather
/// than throwing; callers read <see cref="Marshal.GetLastPInvokeError"/> where it matters.
/// </summary>
internal static unsafe partial class Libc
{
    public const int ReadOnly = 0;
    public const int CloseOnExec = 0x80000;
    public const int Interrupted = 4;
    public const int NoSuchProcess = 3;
    public const int SigKill = 9;
    public const short PollIn = 0x001;
    public const short PollOut = 0x004;
    public const int WouldBlock = 11;
    public const int SetStatusFlags = 4;
    public const int NonBlocking = 0x800;
    public const short PollErr = 0x008;
    public const short PollHangUp = 0x010;
    public const short PollInvalid = 0x020;
    public const short SpawnSetProcessGroup = 0x02;
    public const short SpawnSetSignalDefaults = 0x04;
    public const short SpawnSetSignalMask = 0x08;

    /// <summary>Bigger than glibc's opaque spawn structures (80, 336 and 128 bytes), which callers only pass around.</summary>
    public const int OpaqueSize = 1024;

    /// <summary>Same number on every Linux architecture (the syscall table was unified at 5.3).</summary>
    private const long PidfdOpenSyscall = 434;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    public static int PidfdOpen(int pid) => (int)syscall(PidfdOpenSyscall, pid, 0);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long syscall(long number, long first, long second);

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "mkdir", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int MakeDirectory(string path, uint mode);

    /// <summary>open(2) with O_CREAT: the mode is the third (variadic) argument, passed in a register like any int.</summary>
    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Create(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "pread", SetLastError = true)]
    public static partial nint PRead(int fd, byte* buffer, nint count, long offset);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "close")]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    public static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static partial int Prctl(int option, nuint second, nuint third, nuint fourth, nuint fifth);

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    public static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    public static partial int PosixSpawn(int* pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int FileActionsAddOpen(void* actions, int fd, byte* path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    public static partial int FileActionsAddDup2(void* actions, int fd, int newFd);

    /// <summary>glibc 2.34 and later: closes every descriptor from <paramref name="lowest"/> up in the child.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addclosefrom_np")]
    public static partial int FileActionsAddCloseFrom(void* actions, int lowest);

    /// <summary>glibc 2.29 and later.</summary>
    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np")]
    public static partial int FileActionsAddChdir(void* actions, byte* path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int AttributesInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int AttributesDestroy(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int AttributesSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setpgroup")]
    public static partial int AttributesSetProcessGroup(void* attributes, int processGroup);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    public static partial int AttributesSetSignalMask(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    public static partial int AttributesSetSignalDefaults(void* attributes, void* signals);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    public static partial int SignalSetEmpty(void* signals);

    [LibraryImport("libc", EntryPoint = "sigfillset")]
    public static partial int SignalSetFill(void* signals);

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial byte* strerror(int error);

    public static string Describe(int error) => Marshal.PtrToStringUTF8((nint)strerror(error)) ?? $"error {error}";
}
