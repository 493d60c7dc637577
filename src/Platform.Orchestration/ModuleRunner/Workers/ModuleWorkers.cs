namespace Platform.Orchestration.ModuleRunner.Workers;

/// <summary>
/// The persistent workers of one runner (no sandbox) or one sandbox supervisor: idle workers kept per
/// key (tenant and module), a new one started when none is idle (the first request, after one was
/// killed, or for runs of the same key in parallel). A worker serves one request at a time and is
/// never handed a request of another key. Disposing shuts them all down: stdin closed, a short wait,
/// then the whole group killed.
/// </summary>
internal sealed class ModuleWorkers : IDisposable
{
    /// <summary>How long a worker whose stdin was closed gets to exit on its own at shutdown.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, Stack<ModuleWorker>> idle = new(StringComparer.Ordinal);
    private readonly HashSet<ModuleWorker> live = [];
    private long started;
    private bool disposed;

    /// <summary>The PIDs of every live worker: a sandbox's sweep of strays spares them.</summary>
    public IReadOnlySet<int> Pids
    {
        get
        {
            lock (live)
            {
                return live.Select(w => w.Process.Pid).ToHashSet();
            }
        }
    }

    /// <summary>Serves the request with an idle worker of its key, or a new one; a worker that failed it is killed, not kept.</summary>
    public WatchOutcome Run(WatchRequest request, CancellationToken cancellationToken, Func<bool>? sweep = null)
    {
        var key = request.WorkerKey ?? throw new ArgumentException("a worker request needs a key", nameof(request));
        var worker = Take(key, request, out var problem);
        if (worker is null)
        {
            return WatchOutcome.NotStarted($"could not start '{request.Program}': {problem}");
        }
        var keep = false;
        try
        {
            var outcome = WorkerWatch.Serve(request, worker, cancellationToken, sweep);
            // A worker that answered and then exited is not handed the next request.
            keep = outcome.WorkerProblem is null && outcome.ExitCode == 0 && !worker.Process.WaitForExit(TimeSpan.Zero);
            return outcome;
        }
        finally
        {
            if (keep)
            {
                Give(key, worker);
            }
            else
            {
                Forget(worker);
            }
        }
    }

    public void Dispose()
    {
        List<ModuleWorker> all;
        lock (live)
        {
            disposed = true;
            all = [.. idle.Values.SelectMany(s => s)];
            idle.Clear();
        }
        foreach (var worker in all)
        {
            worker.CloseInput();
        }
        var until = DateTime.UtcNow + ExitGrace;
        foreach (var worker in all)
        {
            worker.Process.WaitForExit(until - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
            worker.Kill(TimeSpan.FromSeconds(5));
            Forget(worker);
        }
    }

    private ModuleWorker? Take(string key, WatchRequest request, out string? problem)
    {
        while (true)
        {
            ModuleWorker? worker;
            lock (live)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (!idle.TryGetValue(key, out var stack) || !stack.TryPop(out worker))
                {
                    break;
                }
            }
            // One that died, or printed on stdout, while idle is killed and replaced: the request was never sent to it.
            if (worker.Process.Wait(-1, 0) is { Exited: false, Stdout: false })
            {
                problem = null;
                return worker;
            }
            worker.Kill(TimeSpan.FromSeconds(5));
            Forget(worker);
        }
        var marker = $"{key}#{Interlocked.Increment(ref started)}";
        var fresh = ModuleWorker.Start(request, marker, out problem);
        if (fresh is not null)
        {
            lock (live)
            {
                live.Add(fresh);
            }
        }
        return fresh;
    }

    private void Give(string key, ModuleWorker worker)
    {
        lock (live)
        {
            if (!disposed)
            {
                if (!idle.TryGetValue(key, out var stack))
                {
                    idle[key] = stack = new Stack<ModuleWorker>();
                }
                stack.Push(worker);
                return;
            }
        }
        worker.Kill(TimeSpan.FromSeconds(5));
        Forget(worker);
    }

    private void Forget(ModuleWorker worker)
    {
        lock (live)
        {
            live.Remove(worker);
        }
    }
}
