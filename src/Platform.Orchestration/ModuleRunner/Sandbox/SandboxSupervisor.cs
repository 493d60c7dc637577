using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
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

    public static int Run(TextReader input, Stream output)
    {
        NonDumpable.Apply();
        var active = new ConcurrentDictionary<long, CancellationTokenSource>();
        var gate = new object();
        var writer = new StreamWriter(output, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        void Answer(SandboxReply reply)
        {
            lock (writer)
            {
                writer.WriteLine(SandboxProtocol.Write(reply));
            }
        }
        while (input.ReadLine() is { } line)
        {
            var message = SandboxProtocol.ReadMessage(line);
            if (message.Operation == SandboxProtocol.CancelOperation)
            {
                if (active.TryGetValue(message.Id, out var running))
                {
                    running.Cancel();
                }
                continue;
            }
            var cancel = new CancellationTokenSource();
            lock (gate)
            {
                active[message.Id] = cancel;
            }
            var thread = new Thread(() =>
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
                            return active.Count > 1 || KillStrays();
                        }
                    }
                    reply = SandboxProtocol.Reply(message.Id, ProcessWatch.Run(SandboxProtocol.Request(message), cancel.Token, Sweep));
                }
                catch (OperationCanceledException)
                {
                    reply = new SandboxReply(message.Id, null, false, false, false, null, null, true);
                }
                catch (Exception e)
                {
                    reply = new SandboxReply(message.Id, null, false, false, false, null, e.Message, false);
                }
                lock (gate)
                {
                    active.TryRemove(message.Id, out _);
                    if (active.IsEmpty)
                    {
                        reply = reply with { LeftoversGone = KillStrays() && reply.LeftoversGone };
                    }
                }
                cancel.Dispose();
                Answer(reply);
            })
            { IsBackground = true, Name = $"run {message.Id}" };
            thread.Start();
        }
        // The platform closed the pipe: whatever still runs dies with the sandbox.
        foreach (var running in active.Values)
        {
            running.Cancel();
        }
        return 0;
    }

    /// <summary>Kills every process of the namespace but the sandbox's init (1) and this one; true when none was found.</summary>
    private static bool KillStrays()
    {
        var self = Environment.ProcessId;
        var none = true;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid != 1 && pid != self)
            {
                Libc.Kill(pid, 9);
                none = false;
            }
        }
        return none;
    }
}
