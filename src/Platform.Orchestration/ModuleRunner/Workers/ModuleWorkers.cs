namespace Platform.Orchestration.ModuleRunner.Workers;

/// <summary>
/// The persistent workers of one runner (no sandbox) or one sandbox supervisor: idle workers kept by
/// key (tenant and module), a new one started when none is idle (the first request, after one was
/// killed, or for runs of the same key in parallel). A worker serves one request at a time and is
/// never handed a request of another key. At most <see cref="ModuleRunnerLimits.MaxIdleWorkers"/> wait idle: the
/// one idle longest beyond that is retired (stdin closed, a short wait, its group killed and what it
/// started swept), so a run over thousands of tenants never holds thousands of processes. Disposing
/// retires them all, with one sweep for all of them.
/// </summary>
internal sealed class ModuleWorkers : IDisposable
{
    /// <summary>How long a worker whose stdin was closed gets to exit on its own.</summary>
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan KillGrace = TimeSpan.FromSeconds(5);

    private static int instances;

    /// <summary>Begins every marker of this instance's workers, so one sweep at the end finds what any of them started.</summary>
    private readonly string prefix = $"{Environment.ProcessId}.{Interlocked.Increment(ref instances)}:";

    /// <summary>Idle workers, the one idle longest first.</summary>
    private readonly LinkedList<ModuleWorker> idle = [];
    private readonly HashSet<ModuleWorker> live = [];
    private readonly List<Task> retiring = [];
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
            // A worker that answered and then exited is not handed the next request (the poll after its
            // answer tells, WorkerWatch.Drain).
            keep = outcome.WorkerProblem is null && outcome.ExitCode == 0 && !worker.Process.ExitSeen;
            return outcome;
        }
        finally
        {
            if (keep)
            {
                Give(worker, request.Limits.MaxIdleWorkers);
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
        Task[] pending;
        lock (live)
        {
            disposed = true;
            all = [.. idle];
            idle.Clear();
            pending = [.. retiring];
        }
        foreach (var worker in all)
        {
            worker.CloseInput();
        }
        var until = DateTime.UtcNow + ExitGrace;
        foreach (var worker in all)
        {
            worker.Process.WaitForExit(until - DateTime.UtcNow is var left && left > TimeSpan.Zero ? left : TimeSpan.Zero);
            worker.Stop(KillGrace);
            Forget(worker);
        }
        // One sweep for every worker's leftovers: a sweep each cost ~0.6 s for 745 workers (bench/README.md).
        if (all.Count > 0)
        {
            new RunProcesses(prefix, ModuleWorker.MarkerVariable, prefix: true).KillLeftovers(all.Min(w => w.Boundary), KillGrace);
        }
        Task.WaitAll(pending);
    }

    private ModuleWorker? Take(string key, WatchRequest request, out string? problem)
    {
        while (true)
        {
            ModuleWorker? worker = null;
            lock (live)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                for (var node = idle.Last; node is not null; node = node.Previous)
                {
                    if (node.Value.Key == key)
                    {
                        worker = node.Value;
                        idle.Remove(node);
                        break;
                    }
                }
            }
            if (worker is null)
            {
                break;
            }
            // One that died, or printed on stdout, while idle is killed and replaced: the request was never sent to it.
            if (worker.Process.Wait(-1, 0) is { Exited: false, Stdout: false })
            {
                problem = null;
                return worker;
            }
            worker.Kill(KillGrace);
            Forget(worker);
        }
        var fresh = ModuleWorker.Start(request, key, $"{prefix}{key}#{Interlocked.Increment(ref started)}", out problem);
        if (fresh is not null)
        {
            lock (live)
            {
                live.Add(fresh);
            }
        }
        return fresh;
    }

    private void Give(ModuleWorker worker, int maxIdle)
    {
        ModuleWorker? oldest = null;
        lock (live)
        {
            if (!disposed)
            {
                idle.AddLast(worker);
                if (idle.Count <= maxIdle)
                {
                    return;
                }
                oldest = idle.First!.Value;
                idle.RemoveFirst();
                // Retired off the run's thread: a worker may take its whole grace to exit.
                retiring.RemoveAll(t => t.IsCompleted);
                retiring.Add(Task.Run(() => Retire(oldest)));
                return;
            }
        }
        worker.Kill(KillGrace);
        Forget(worker);
    }

    /// <summary>Ends an idle worker as the run's end would: stdin closed, up to the grace to exit, then its group and what it started killed.</summary>
    private void Retire(ModuleWorker worker)
    {
        worker.CloseInput();
        worker.Process.WaitForExit(ExitGrace);
        worker.Kill(KillGrace);
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
