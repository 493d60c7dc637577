using System.Runtime.InteropServices;
using System.Text;

namespace Platform.Orchestration.ModuleRunner.Native;

/// <summary>
/// A module started with posix_spawn(3) as the leader of its own process group: stdin reads
/// /dev/null (a worker's: a pipe the runner writes requests into, without blocking), stdout and stderr go into pipes the runner reads, no other descriptor is open, every
/// signal is back at its default and unblocked, and the working directory is the module folder. A pidfd tells when it exits.
/// .NET's Process class does all this too, but with a thread-pool hop, a timer and a signal
/// handler per run; a module run's overhead is what a busy orchestrator pays thousands of times.
/// </summary>
internal sealed unsafe class ModuleProcess : IDisposable
{
    /// <summary>Modules started and not yet reaped, for <see cref="KillAll"/>.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ModuleProcess, byte> Live = new();

    /// <summary>Kill and reap never overlap: a group is signalled only while its leader is unreaped.</summary>
    private readonly Lock reaping = new();
    private int stdin;
    private int stdout;
    private int stderr;
    private int pidfd;
    private bool reaped;

    /// <summary>The pidfd was seen readable: the module has exited (it may not be reaped yet).</summary>
    private bool exited;

    /// <summary>The last poll found the pipe hung up with nothing in it: its read would return 0.</summary>
    private bool stdoutEnded;
    private bool stderrEnded;

    private ModuleProcess(int pid, int pidfd, int stdin, int stdout, int stderr)
    {
        Pid = pid;
        this.stdin = stdin;
        this.pidfd = pidfd;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public int Pid { get; }

    /// <summary>A poll (or wait) has seen the module exit; it may not be reaped yet.</summary>
    public bool ExitSeen => exited;

    public bool HasOpenOutput => stdout >= 0 || stderr >= 0;

    public bool IsOpen(bool stderrPipe) => (stderrPipe ? stderr : stdout) >= 0;

    /// <summary>Starts the program, or returns null with the reason (say, "No such file or directory").</summary>
    /// <param name="arguments">argv, including argv[0].</param>
    /// <param name="inputPipe">Gives the process a pipe as stdin, written with <see cref="WriteInput"/> (a worker's requests).</param>
    public static ModuleProcess? Start(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, out string? problem, bool inputPipe = false)
    {
        var outPipe = stackalloc int[2] { -1, -1 };
        var errPipe = stackalloc int[2] { -1, -1 };
        var inPipe = stackalloc int[2] { -1, -1 };
        if (Libc.Pipe2(outPipe, Libc.CloseOnExec) != 0 || Libc.Pipe2(errPipe, Libc.CloseOnExec) != 0
            || (inputPipe && (Libc.Pipe2(inPipe, Libc.CloseOnExec) != 0 || Libc.Fcntl(inPipe[1], Libc.SetStatusFlags, Libc.NonBlocking) != 0)))
        {
            problem = $"no pipe for its input or output: {Libc.Describe(Marshal.GetLastPInvokeError())}";
            CloseAll(outPipe[0], outPipe[1], errPipe[0], errPipe[1], inPipe[0], inPipe[1]);
            return null;
        }
        var pid = 0;
        int error;
        try
        {
            error = Spawn(&pid, program, arguments, environment, workingDirectory, inPipe[0], outPipe[1], errPipe[1]);
        }
        catch
        {
            // Say, a C library without posix_spawn_file_actions_addclosefrom_np.
            CloseAll(outPipe[0], errPipe[0], inPipe[1]);
            throw;
        }
        finally
        {
            CloseAll(outPipe[1], errPipe[1], inPipe[0]);
        }
        if (error != 0)
        {
            problem = Libc.Describe(error);
            CloseAll(outPipe[0], errPipe[0], inPipe[1]);
            return null;
        }
        var process = new ModuleProcess(pid, Libc.PidfdOpen(pid), inPipe[1], outPipe[0], errPipe[0]);
        Live[process] = 0;
        if (process.pidfd < 0)
        {
            problem = $"no pidfd for it (Linux 5.3 or later is needed): {Libc.Describe(Marshal.GetLastPInvokeError())}";
            process.Dispose();
            return null;
        }
        problem = null;
        return process;
    }

    /// <summary>
    /// Sends SIGKILL to every process of the module's group, the module included. Only until the
    /// module is reaped: a reaped PID, and with it the group ID, may belong to someone else.
    /// </summary>
    public void KillGroup()
    {
        lock (reaping)
        {
            if (!reaped)
            {
                Libc.Kill(-Pid, Libc.SigKill);
            }
        }
    }

    /// <summary>Kills the groups of every module this process started and has not reaped.</summary>
    public static void KillAll()
    {
        foreach (var process in Live.Keys)
        {
            process.KillGroup();
        }
    }

    /// <summary>Waits at most <paramref name="limit"/> for the module to exit; true once it has (it is not reaped yet).</summary>
    public bool WaitForExit(TimeSpan limit)
    {
        if (reaped || exited)
        {
            return true;
        }
        var fds = stackalloc Libc.PollFd[1];
        fds[0] = new Libc.PollFd { Fd = pidfd, Events = Libc.PollIn };
        var until = Environment.TickCount64 + (long)limit.TotalMilliseconds;
        while (true)
        {
            var count = Libc.Poll(fds, 1, (int)Math.Clamp(until - Environment.TickCount64, 0, int.MaxValue));
            if (count > 0)
            {
                return true;
            }
            if (count == 0 || Marshal.GetLastPInvokeError() != Libc.Interrupted)
            {
                return false;
            }
        }
    }

    /// <summary>Waits for the module (already exited, or killed) and returns its exit code; 128 + signal when a signal ended it.</summary>
    public int Reap() => Reap(wait: true) ?? throw new InvalidOperationException($"waitpid({Pid}) returned without the process");

    /// <returns>The exit code, or null when <paramref name="wait"/> is false and the module is still running.</returns>
    private int? Reap(bool wait)
    {
        const int noHang = 1;
        int status;
        int result;
        lock (reaping)
        {
            do
            {
                result = Libc.WaitPid(Pid, &status, wait ? 0 : noHang);
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == Libc.Interrupted);
            if (result == 0)
            {
                return null;
            }
            reaped = true;
        }
        Live.TryRemove(this, out _);
        if (result < 0)
        {
            throw new InvalidOperationException($"waitpid({Pid}) failed: {Libc.Describe(Marshal.GetLastPInvokeError())}");
        }
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    /// <summary>What is ready after waiting at most <paramref name="timeoutMilliseconds"/> (-1: no limit).</summary>
    /// <param name="input">Also wait until stdin can take more (a worker's request not yet written whole).</param>
    public Readiness Wait(int cancelFd, int timeoutMilliseconds, bool input = false)
    {
        var fds = stackalloc Libc.PollFd[5];
        fds[0] = new Libc.PollFd { Fd = reaped ? -1 : pidfd, Events = Libc.PollIn };
        fds[1] = new Libc.PollFd { Fd = stdout, Events = Libc.PollIn };
        fds[2] = new Libc.PollFd { Fd = stderr, Events = Libc.PollIn };
        fds[3] = new Libc.PollFd { Fd = cancelFd, Events = Libc.PollIn };
        fds[4] = new Libc.PollFd { Fd = input ? stdin : -1, Events = Libc.PollOut };
        int count;
        do
        {
            count = Libc.Poll(fds, 5, timeoutMilliseconds);
        }
        while (count < 0 && Marshal.GetLastPInvokeError() == Libc.Interrupted);
        if (count < 0)
        {
            throw new InvalidOperationException($"poll failed: {Libc.Describe(Marshal.GetLastPInvokeError())}");
        }
        const short ready = Libc.PollIn | Libc.PollHangUp | Libc.PollErr | Libc.PollInvalid;
        exited |= (fds[0].Returned & ready) != 0;
        // A pipe reports POLLIN while it holds data, POLLHUP once no writer is left: hang-up alone is its end.
        stdoutEnded = (fds[1].Returned & (Libc.PollIn | Libc.PollHangUp)) == Libc.PollHangUp;
        stderrEnded = (fds[2].Returned & (Libc.PollIn | Libc.PollHangUp)) == Libc.PollHangUp;
        return new Readiness(
            count == 0,
            (fds[0].Returned & ready) != 0,
            (fds[1].Returned & ready) != 0,
            (fds[2].Returned & ready) != 0,
            (fds[3].Returned & ready) != 0,
            (fds[4].Returned & (ready | Libc.PollOut)) != 0);
    }

    /// <summary>Writes what stdin takes now without blocking: the bytes written, or -1 once the reader closed it.</summary>
    public int WriteInput(ReadOnlySpan<byte> data)
    {
        nint written;
        fixed (byte* pointer = data)
        {
            do
            {
                written = Libc.Write(stdin, pointer, data.Length);
            }
            while (written < 0 && Marshal.GetLastPInvokeError() == Libc.Interrupted);
        }
        return written >= 0 ? (int)written : Marshal.GetLastPInvokeError() == Libc.WouldBlock ? 0 : -1;
    }

    /// <summary>Closes stdin: a worker reads its end and should exit.</summary>
    public void CloseInput()
    {
        CloseAll(stdin);
        stdin = -1;
    }

    /// <summary>One read from stdout or stderr into <paramref name="buffer"/>; 0 at the end, when the pipe is closed.</summary>
    public int Read(bool fromStderr, Span<byte> buffer)
    {
        var fd = fromStderr ? stderr : stdout;
        if (fromStderr ? stderrEnded : stdoutEnded)
        {
            CloseOutput(fromStderr);
            return 0;
        }
        nint read;
        fixed (byte* pointer = buffer)
        {
            do
            {
                read = Libc.Read(fd, pointer, buffer.Length);
            }
            while (read < 0 && Marshal.GetLastPInvokeError() == Libc.Interrupted);
        }
        if (read <= 0)
        {
            CloseOutput(fromStderr);
            return 0;
        }
        return (int)read;
    }

    /// <summary>Stops reading an output whose writer will not let go of it.</summary>
    public void CloseOutput(bool fromStderr)
    {
        ref var fd = ref fromStderr ? ref stderr : ref stdout;
        CloseAll(fd);
        fd = -1;
    }

    public void Dispose()
    {
        try
        {
            if (!reaped)
            {
                // Only after a failure on the platform's side. A process that ignores SIGKILL (stuck in
                // the kernel) stays unreaped rather than blocking the platform.
                KillGroup();
                if (WaitForExit(TimeSpan.FromSeconds(1)))
                {
                    Reap(wait: false);
                }
            }
        }
        finally
        {
            CloseInput();
            CloseOutput(fromStderr: false);
            CloseOutput(fromStderr: true);
            CloseAll(pidfd);
            pidfd = -1;
        }
    }

    private static int Spawn(int* pid, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, int stdinReader, int stdoutWriter, int stderrWriter)
    {
        var strings = new NativeStrings();
        var actions = NativeMemory.AllocZeroed(Libc.OpaqueSize);
        var attributes = NativeMemory.AllocZeroed(Libc.OpaqueSize);
        var signals = NativeMemory.AllocZeroed(Libc.OpaqueSize);
        try
        {
            var argv = strings.Array(arguments);
            var envp = strings.Array(environment.Select(pair => $"{pair.Key}={pair.Value}").ToList());
            Libc.FileActionsInit(actions);
            Libc.AttributesInit(attributes);
            try
            {
                // Each call returns 0 or an error number (sigemptyset and sigfillset cannot fail on a valid pointer).
                var error = new[]
                {
                    stdinReader >= 0 ? Libc.FileActionsAddDup2(actions, stdinReader, 0) : Libc.FileActionsAddOpen(actions, 0, strings.Add("/dev/null"), Libc.ReadOnly, 0),
                    Libc.FileActionsAddDup2(actions, stdoutWriter, 1),
                    Libc.FileActionsAddDup2(actions, stderrWriter, 2),
                    // Descriptors the platform itself inherited without close-on-exec stay with it.
                    Libc.FileActionsAddCloseFrom(actions, 3),
                    Libc.FileActionsAddChdir(actions, strings.Add(workingDirectory)),
                    Libc.AttributesSetFlags(attributes, (short)(Libc.SpawnSetProcessGroup | Libc.SpawnSetSignalMask | Libc.SpawnSetSignalDefaults)),
                    Libc.AttributesSetProcessGroup(attributes, 0),
                    Libc.SignalSetEmpty(signals) | Libc.AttributesSetSignalMask(attributes, signals),
                    Libc.SignalSetFill(signals) | Libc.AttributesSetSignalDefaults(attributes, signals),
                }.FirstOrDefault(e => e != 0);
                if (error != 0)
                {
                    return error;
                }
                return Libc.PosixSpawn(pid, strings.Add(program), actions, attributes, argv, envp);
            }
            finally
            {
                Libc.FileActionsDestroy(actions);
                Libc.AttributesDestroy(attributes);
            }
        }
        finally
        {
            NativeMemory.Free(actions);
            NativeMemory.Free(attributes);
            NativeMemory.Free(signals);
            strings.Dispose();
        }
    }

    private static void CloseAll(params ReadOnlySpan<int> fds)
    {
        foreach (var fd in fds)
        {
            if (fd >= 0)
            {
                Libc.Close(fd);
            }
        }
    }

    /// <summary>What <see cref="Wait"/> found ready.</summary>
    public readonly record struct Readiness(bool TimedOut, bool Exited, bool Stdout, bool Stderr, bool Cancelled, bool Input = false);

    /// <summary>NUL-terminated UTF-8 copies of strings, and NULL-terminated arrays of them, freed together.</summary>
    private sealed class NativeStrings : IDisposable
    {
        private readonly List<nint> blocks = [];

        public byte* Add(string text)
        {
            var length = Encoding.UTF8.GetByteCount(text);
            var block = (byte*)NativeMemory.Alloc((nuint)length + 1);
            blocks.Add((nint)block);
            Encoding.UTF8.GetBytes(text, new Span<byte>(block, length));
            block[length] = 0;
            return block;
        }

        public byte** Array(IReadOnlyList<string> items)
        {
            var array = (byte**)NativeMemory.Alloc((nuint)(items.Count + 1), (nuint)sizeof(byte*));
            blocks.Add((nint)array);
            for (var i = 0; i < items.Count; i++)
            {
                array[i] = Add(items[i]);
            }
            array[items.Count] = null;
            return array;
        }

        public void Dispose()
        {
            foreach (var block in blocks)
            {
                NativeMemory.Free((void*)block);
            }
        }
    }
}
