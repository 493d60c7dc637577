using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Platform.Domain.Errors;

namespace Platform.Orchestration.ModuleRunner.Sandbox;

/// <summary>
/// One running sandbox, seen from the platform: a bubblewrap process whose command is a
/// <see cref="SandboxSupervisor"/>. Runs are sent over its stdin and answered on its stdout; a
/// reader thread hands each answer to the run waiting for it. Every wait is bounded: a supervisor
/// that stops answering is killed, and with it everything in the sandbox.
/// </summary>
internal sealed class TenantSandbox : IDisposable
{
    /// <summary>Added to every bound, for a loaded machine's scheduling and the supervisor's own work.</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(30);

    private readonly Process process;
    private readonly ConcurrentDictionary<long, Waiter> waiting = new();
    private readonly StringBuilder errorTail = new();
    private readonly Thread reader;
    private readonly BinaryWriter writer;
    private long nextId;
    private volatile string? ended;

    public TenantSandbox(Process started)
    {
        process = started;
        writer = new BinaryWriter(process.StandardInput.BaseStream);
        process.ErrorDataReceived += (_, e) => KeepError(e.Data);
        process.BeginErrorReadLine();
        reader = new Thread(ReadReplies) { IsBackground = true, Name = "sandbox replies" };
        reader.Start();
    }

    /// <summary>Runs in flight; a sandbox with none may be closed.</summary>
    public int Active => waiting.Count;

    public bool Ended => ended is not null;

    public long LastUsed { get; private set; } = Stopwatch.GetTimestamp();

    /// <summary>Runs the request inside the sandbox; on cancellation the run is cancelled there (or the sandbox killed) before this throws.</summary>
    public WatchOutcome Run(WatchRequest request, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref nextId);
        var waiter = new Waiter();
        waiting[id] = waiter;
        LastUsed = Stopwatch.GetTimestamp();
        try
        {
            if (ended is not null)
            {
                throw new PlatformException($"Module {request.Label}: its sandbox ended ({ended}).");
            }
            Send(w => SandboxProtocol.WriteRun(w, id, request));
            var afterKill = request.Limits.KillGrace * 2 + request.Limits.LogDrainGrace + Slack;
            bool answered;
            try
            {
                answered = waiter.Done.Wait(request.Timeout + afterKill, cancellationToken);
            }
            catch (OperationCanceledException) when (!waiter.Done.IsSet)
            {
                Send(w => SandboxProtocol.WriteCancel(w, id));
                if (!waiter.Done.Wait(afterKill))
                {
                    Kill();
                }
                throw;
            }
            if (!answered)
            {
                Kill();
                throw new PlatformException($"Module {request.Label}: its sandbox stopped answering and was killed.");
            }
            var reply = waiter.Reply ?? throw new PlatformException($"Module {request.Label}: its sandbox ended ({ended}).");
            if (reply.Cancelled)
            {
                throw new OperationCanceledException(cancellationToken);
            }
            return reply.Error is { } error ? throw new PlatformException(error) : SandboxProtocol.Outcome(reply);
        }
        finally
        {
            waiting.TryRemove(id, out _);
            LastUsed = Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Closes the supervisor's stdin (it then ends, and the sandbox with it); killed if it lingers.</summary>
    public void Dispose()
    {
        try
        {
            lock (writer)
            {
                process.StandardInput.Close();
            }
        }
        catch (IOException)
        {
            // Already gone.
        }
        if (!process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            Kill();
        }
        // The reader still uses the process until it saw the end.
        reader.Join(TimeSpan.FromSeconds(5));
        process.Dispose();
    }

    private void Send(Action<BinaryWriter> write)
    {
        lock (writer)
        {
            try
            {
                write(writer);
            }
            catch (IOException e)
            {
                throw new PlatformException($"the module's sandbox is gone ({ended ?? e.Message})");
            }
        }
    }

    private void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void ReadReplies()
    {
        try
        {
            var replies = new BinaryReader(process.StandardOutput.BaseStream);
            while (SandboxProtocol.ReadReply(replies) is { } reply)
            {
                if (waiting.TryGetValue(reply.Id, out var waiter))
                {
                    waiter.Complete(reply);
                }
            }
        }
        catch (IOException e)
        {
            KeepError(e.Message);
        }
        try
        {
            process.WaitForExit(TimeSpan.FromSeconds(5));
        }
        catch (InvalidOperationException)
        {
            // Disposed meanwhile.
        }
        lock (errorTail)
        {
            ended = errorTail.Length > 0 ? errorTail.ToString().Trim() : "no message";
        }
        foreach (var waiter in waiting.Values)
        {
            waiter.Complete(null);
        }
    }

    private void KeepError(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (errorTail)
        {
            if (errorTail.Length > 2_000)
            {
                errorTail.Remove(0, errorTail.Length - 1_000);
            }
            errorTail.Append(line).Append(' ');
        }
    }

    /// <summary>Not disposed: the reader thread may complete it after its run stopped waiting.</summary>
    private sealed class Waiter
    {
        public ManualResetEventSlim Done { get; } = new();

        public SandboxReply? Reply { get; private set; }

        public void Complete(SandboxReply? reply)
        {
            Reply = reply;
            Done.Set();
        }
    }
}
