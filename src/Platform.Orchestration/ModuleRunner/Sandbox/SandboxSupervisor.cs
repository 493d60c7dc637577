using System.Collections.Concurrent;
using System.Globalization;
using Platform.Orchestration.ModuleRunner.Native;

namespace Platform.Orchestration.ModuleRunner.Sandbox;

/// <summary>
/// The small program that runs inside a sandbox (<c>platform sandbox-supervisor</c>): it reads run
/// requests from stdin, runs each module with <see cref="ProcessWatch"/> on a thread of its own and
/// answers on stdout. Whenever no run is active it kills every other process in the sandbox's PID
/// namespace, so even a process that left its session and cleared its environment dies with the run
/// that started it. It exits when stdin closes; the sandbox (and all it holds) goes with it.
/// </summary>
public static class SandboxSupervisor
{
    /// <summary>The hidden command word that starts a supervisor.</summary>
    public const string CommandName = "sandbox-supervisor";

    public static int Run(Stream input, Stream output)
    {
        // The sweep kills every process it can see: only ever inside a sandbox's own PID namespace.
        if (!InsideSandbox())
        {
            Console.Error.WriteLine("error: sandbox-supervisor runs only as the command of a bubblewrap sandbox (pid 1 must be bwrap)");
            return 2;
        }
        NonDumpable.Apply();
        var active = new ConcurrentDictionary<long, CancellationTokenSource>();
        var gate = new object();
        var reader = new BinaryReader(input);
        var writer = new BinaryWriter(output);
        using var runners = new RunThreads();
        // The sandbox is one tenant's: its workers are that tenant's (docs/module-workers.md).
        using var workers = new Workers.ModuleWorkers();
        void Answer(SandboxReply reply)
        {
            lock (writer)
            {
                SandboxProtocol.WriteReply(writer, reply);
            }
        }
        while (SandboxProtocol.ReadMessage(reader) is var (id, request))
        {
            if (request is null)
            {
                if (active.TryGetValue(id, out var running))
                {
                    running.Cancel();
                }
                continue;
            }
            var cancel = new CancellationTokenSource();
            lock (gate)
            {
                active[id] = cancel;
            }
            runners.Start(() =>
            {
                SandboxReply reply;
                try
                {
                    // Alone in the sandbox, the run's end is the moment to kill what it started, marked or not:
                    // a stray holding the log pipes would otherwise keep the run waiting for them.
                    bool Sweep()
                    {
                        lock (gate)
                        {
                            return active.Count > 1 || KillStrays(workers.Pids);
                        }
                    }
                    reply = SandboxProtocol.Reply(id, request.WorkerLine is null
                        ? ProcessWatch.Run(request, cancel.Token, Sweep)
                        : workers.Run(request, cancel.Token, Sweep));
                }
                catch (OperationCanceledException)
                {
                    reply = new SandboxReply(id, null, false, false, false, null, null, true);
                }
                catch (Exception e)
                {
                    reply = new SandboxReply(id, null, false, false, false, null, e.Message, false);
                }
                lock (gate)
                {
                    active.TryRemove(id, out _);
                    if (active.IsEmpty)
                    {
                        reply = reply with { LeftoversGone = KillStrays(workers.Pids) && reply.LeftoversGone };
                    }
                }
                cancel.Dispose();
                Answer(reply);
            });
        }
        // The platform closed the pipe: runs still going are cancelled (their processes killed and
        // answered for), within the kill grace; whatever is left dies with the sandbox.
        foreach (var running in active.Values)
        {
            running.Cancel();
        }
        runners.Finish(TimeSpan.FromSeconds(15));
        return 0;
    }

    /// <summary>True in a bubblewrap PID namespace: its init (pid 1) is bwrap itself.</summary>
    private static bool InsideSandbox()
    {
        try
        {
            return File.ReadAllText("/proc/1/comm").Trim() == Bubblewrap.Program;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Kills every process of the namespace but the sandbox's init (1), this one and the idle workers; true when none was found.</summary>
    private static bool KillStrays(IReadOnlySet<int> workers)
    {
        var self = Environment.ProcessId;
        var none = true;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != 1 && pid != self && !workers.Contains(pid))
            {
                Libc.Kill(pid, 9);
                none = false;
            }
        }
        return none;
    }

    /// <summary>
    /// Threads for runs, kept for the next run once one ends (a run blocks its thread in poll(2), so
    /// the thread pool is no place for it; a new thread per run cost ~0.1 ms).
    /// </summary>
    private sealed class RunThreads : IDisposable
    {
        private readonly BlockingCollection<Action> work = [];
        private readonly List<Thread> threads = [];
        private int idle;

        public void Start(Action run)
        {
            lock (threads)
            {
                if (idle == 0)
                {
                    var thread = new Thread(Serve) { IsBackground = true, Name = "run" };
                    threads.Add(thread);
                    idle++;
                    thread.Start();
                }
                idle--;
            }
            work.Add(run);
        }

        /// <summary>Lets the runs under way end, within <paramref name="limit"/> each.</summary>
        public void Finish(TimeSpan limit)
        {
            work.CompleteAdding();
            foreach (var thread in threads)
            {
                thread.Join(limit);
            }
        }

        public void Dispose() => work.Dispose();

        private void Serve()
        {
            foreach (var run in work.GetConsumingEnumerable())
            {
                run();
                lock (threads)
                {
                    idle++;
                }
            }
        }
    }
}
