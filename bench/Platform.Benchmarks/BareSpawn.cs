using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Platform.Benchmarks;

/// <summary>
/// The machine's floor for a module run: <c>sh -c true</c> started with posix_spawn from this process
/// and reaped, N times in a row (no shell loop's own fork in the figure), wall and the children's CPU.
/// </summary>
public static unsafe partial class BareSpawn
{
    /// <summary>Wall and CPU (user + system, and system alone) per spawn; null when the program could not be started.</summary>
    public static (TimeSpan Wall, TimeSpan Cpu, TimeSpan System)? Measure(IReadOnlyList<string> command, int count)
    {
        var arguments = command.Select(a => Marshal.StringToCoTaskMemUTF8(a)).ToList();
        var argv = (nint*)NativeMemory.Alloc((nuint)(arguments.Count + 1), (nuint)sizeof(nint));
        var envp = stackalloc nint[2];
        var path = Marshal.StringToCoTaskMemUTF8("PATH=/usr/local/bin:/usr/bin:/bin");
        envp[0] = path;
        envp[1] = 0;
        try
        {
            for (var i = 0; i < arguments.Count; i++)
            {
                argv[i] = arguments[i];
            }
            argv[arguments.Count] = 0;
            var (cpuBefore, systemBefore) = Children();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                int pid;
                if (PosixSpawnp(&pid, arguments[0], 0, 0, argv, envp) != 0)
                {
                    return null;
                }
                int status;
                while (WaitPid(pid, &status, 0) < 0 && Marshal.GetLastPInvokeError() == 4)
                {
                }
                if (status != 0)
                {
                    return null;
                }
            }
            var wall = clock.Elapsed;
            var (cpuAfter, systemAfter) = Children();
            return (wall / count, (cpuAfter - cpuBefore) / count, (systemAfter - systemBefore) / count);
        }
        finally
        {
            arguments.ForEach(Marshal.FreeCoTaskMem);
            Marshal.FreeCoTaskMem(path);
            NativeMemory.Free(argv);
        }
    }

    private static (TimeSpan Cpu, TimeSpan System) Children()
    {
        var usage = stackalloc long[18];
        GetRusage(-1, usage);
        var system = TimeSpan.FromSeconds(usage[2]) + TimeSpan.FromMicroseconds(usage[3]);
        return (TimeSpan.FromSeconds(usage[0]) + TimeSpan.FromMicroseconds(usage[1]) + system, system);
    }

    [LibraryImport("libc", EntryPoint = "posix_spawnp", SetLastError = true)]
    private static partial int PosixSpawnp(int* pid, nint file, nint actions, nint attributes, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, long* usage);
}
