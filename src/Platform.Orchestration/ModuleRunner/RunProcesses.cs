using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Finds and ends the processes a run left behind. Killing the module's process group reaches
/// every descendant that stayed in it; one that started a session or group of its own (a daemon,
/// <c>setsid</c>) slips through. On Linux the runner therefore also sweeps /proc for processes whose
/// environment carries this run's PLATFORM_REQUEST_FILE, which every descendant inherits unless it
/// clears its environment on purpose.
/// </summary>
/// <param name="variable">The marker variable: a worker's processes carry PLATFORM_WORKER instead.</param>
/// <param name="prefix">Match every value that begins with <paramref name="requestFile"/>: the markers of a whole set of workers.</param>
internal sealed class RunProcesses(string requestFile, string variable = ModuleEnvironment.RequestFileVariable, bool prefix = false)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Past this many PIDs handed out during a run, listing /proc is cheaper than probing each.</summary>
    private const int MaxPidsProbed = 2_000;

    /// <summary>The marker is among the few variables a module gets; a longer environment is read this far.</summary>
    private const int EnvironLimit = 64 * 1024;

    private readonly byte[] marker = Encoding.UTF8.GetBytes($"{variable}={requestFile}");

    /// <summary>Looked up once: a machine without /proc has nothing to sweep.</summary>
    private static readonly bool HasProc = OperatingSystem.IsLinux() && Directory.Exists("/proc");

    /// <summary>/proc/loadavg, opened on first use and kept; -1 until then.</summary>
    private static int loadavg = -1;

    /// <summary>The newest PID the last search looked at: a worker's next search starts above it.</summary>
    public int Newest { get; private set; }

    /// <summary>Kills every marked process (and its tree), waiting within the grace until none is left; false if some survived.</summary>
    /// <param name="modulePid">Only PIDs handed out after it are looked at (unless the PID counter wrapped).</param>
    /// <param name="worker">A live worker: spared, and the processes still in its group count as leftovers too.</param>
    public bool KillLeftovers(int modulePid, TimeSpan grace, int worker = 0)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var leftovers = FindMarked(modulePid, worker);
            if (leftovers.Count == 0)
            {
                return true;
            }
            foreach (var pid in leftovers)
            {
                KillTree(pid);
            }
            if (deadline.Elapsed >= grace)
            {
                return false;
            }
            // Rare (only a module that daemonised gets here), so a short pause beats a pidfd per leftover.
            Thread.Sleep(PollInterval);
        }
    }

    private static void KillTree(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or Win32Exception)
        {
            // Gone between the scan and the kill.
        }
    }

    /// <summary>Live processes carrying the run's marker. A zombie's environ reads empty, so the dead do not count.</summary>
    private List<int> FindMarked(int modulePid, int worker)
    {
        var found = new List<int>();
        if (!HasProc)
        {
            return found;
        }
        // Descendants get PIDs allocated after the module's. Unless the PID counter wrapped since
        // (the last PID handed out is then below the module's), only those PIDs need looking at,
        // one by one; otherwise every process is.
        var last = LastPid();
        Newest = last ?? modulePid;
        var candidates = last is int newest && newest >= modulePid && newest - modulePid <= MaxPidsProbed
            ? Enumerable.Range(modulePid + 1, newest - modulePid)
            : Directory.EnumerateDirectories("/proc").Select(entry => int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : -1);
        var self = Environment.ProcessId;
        var environ = System.Buffers.ArrayPool<byte>.Shared.Rent(EnvironLimit);
        try
        {
            foreach (var pid in candidates)
            {
                if (pid <= 0 || pid == self || pid == worker)
                {
                    continue;
                }
                var length = ProcFile.TryRead($"/proc/{pid}/environ", environ.AsSpan(0, EnvironLimit));
                // A PID whose environ cannot be read is gone (or not ours to kill): its group is not looked up.
                if (length < 0)
                {
                    continue;
                }
                if (length > 0 && HasVariable(environ.AsSpan(0, length)))
                {
                    found.Add(pid);
                    continue;
                }
                // Only a worker's group, or a process caught inside execve, needs its stat read.
                if (worker <= 0 && length > 0)
                {
                    continue;
                }
                var (group, parent) = StatOf(pid);
                // An empty environ is a zombie, a kernel thread, or a process caught inside execve (its new
                // environment not set up yet): the last is a leftover when the worker or a leftover started it.
                if ((worker > 0 && group == worker) || (length == 0 && parent > 0 && (parent == worker || found.Contains(parent))))
                {
                    found.Add(pid);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(environ);
        }
        return found;
    }

    /// <summary>
    /// The process group and parent of a live process (the fifth and fourth fields of /proc/PID/stat,
    /// after the command in parentheses), or zeros for a zombie or a process that is gone.
    /// </summary>
    private static (int Group, int Parent) StatOf(int pid)
    {
        Span<byte> stat = stackalloc byte[512];
        var length = ProcFile.TryRead($"/proc/{pid}/stat", stat);
        if (length <= 0)
        {
            return (0, 0);
        }
        var fields = stat[(stat[..length].LastIndexOf((byte)')') + 1)..length];
        // A zombie (state Z) is dead already: its parent, the worker, reaps it when it will.
        return Field(fields, 0) is [not (byte)'Z'] && TryParse(Field(fields, 1), out var parent) && TryParse(Field(fields, 2), out var group)
            ? (group, parent) : (0, 0);
    }

    /// <summary>The last PID the kernel handed out, or null if unknown.</summary>
    private static unsafe int? LastPid()
    {
        // /proc/loadavg stays open for the process's life: a pread at offset 0 reads it afresh, one
        // system call per search instead of open, read and close.
        if (loadavg < 0)
        {
            var fd = Native.Libc.Open("/proc/loadavg", Native.Libc.ReadOnly | Native.Libc.CloseOnExec);
            if (fd >= 0 && Interlocked.CompareExchange(ref loadavg, fd, -1) != -1)
            {
                Native.Libc.Close(fd);
            }
        }
        Span<byte> text = stackalloc byte[128];
        fixed (byte* start = text)
        {
            var length = loadavg < 0 ? -1 : (int)Native.Libc.PRead(loadavg, start, text.Length, 0);
            return length <= 0 ? null : ParseLastPid(text[..length]);
        }
    }

    /// <summary>The fifth field of /proc/loadavg (<c>0.52 0.58 0.59 1/467 12345\n</c>), or null.</summary>
    public static int? ParseLastPid(ReadOnlySpan<byte> loadavg)
    {
        return TryParse(Field(loadavg, 4), out var pid) ? pid : null;
    }

    /// <summary>The field at <paramref name="index"/> of text whose fields are separated by runs of spaces or newlines; empty past the last.</summary>
    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> text, int index)
    {
        while (true)
        {
            text = text.TrimStart(" \n"u8);
            var end = text.IndexOfAny(" \n"u8);
            if (index == 0 || end < 0)
            {
                return index == 0 ? (end < 0 ? text : text[..end]) : [];
            }
            text = text[end..];
            index--;
        }
    }

    private static bool TryParse(ReadOnlySpan<byte> digits, out int value) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out value);

    /// <summary>environ is NUL-separated KEY=VALUE entries; match a whole entry, not a prefix of a longer path.</summary>
    private bool HasVariable(ReadOnlySpan<byte> environ)
    {
        while (!environ.IsEmpty)
        {
            var end = environ.IndexOf((byte)0);
            var entry = end < 0 ? environ : environ[..end];
            if (prefix ? entry.StartsWith(marker) : entry.SequenceEqual(marker))
            {
                return true;
            }
            environ = end < 0 ? [] : environ[(end + 1)..];
        }
        return false;
    }
}
