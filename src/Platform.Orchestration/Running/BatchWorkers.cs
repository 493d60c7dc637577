using System.Runtime.ExceptionServices;

namespace Platform.Orchestration.Running;

/// <summary>
/// Runs items (the orchestrator's charged work orders) on a fixed number of dedicated threads, taking
/// them in order (but preferring an item whose lane, the orchestrator's tenant, no other thread is
/// running: a tenant's runs then reuse one worker per module instead of starting one per thread),
/// and hands them back batch by batch, so the orchestrator settles one batch while
/// the next one runs. Threads of their own, not the thread pool's: a module run blocks its thread in
/// poll(2) until the module ends, and the pool would add threads for that only slowly.
/// </summary>
/// <remarks>
/// Workers run at most one batch (and an item per thread) ahead of the last batch taken: for the
/// orchestrator, whatever has run but is not settled when it stops is run again by the next
/// orchestrator. The first failure (or the caller's cancellation) stops the rest: no new item starts,
/// running ones see their token cancelled, and <see cref="Take"/> rethrows the failure once it meets
/// an item that did not finish. Disposing stops and joins the threads.
/// </remarks>
public sealed class BatchWorkers<TItem, TResult> : IDisposable
    where TResult : class
{
    private readonly IReadOnlyList<TItem> work;
    private readonly int batchSize;
    private readonly int threadCount;
    private readonly Func<TItem, CancellationToken, TResult> run;
    private readonly CancellationTokenSource stop;
    private readonly CancellationTokenRegistration wakeOnStop;
    private readonly TResult?[] results;
    private readonly List<Thread> threads = [];
    private readonly object gate = new();
    /// <summary>Each item's lane, worked out once.</summary>
    private readonly object[] lanes;
    private readonly bool[] begun;
    private readonly Dictionary<object, int> running = [];
    private ExceptionDispatchInfo? failure;
    private int first;
    private int taken;

    /// <param name="lane">Items of one lane (the orchestrator's: a tenant) run side by side only when no other lane has an item ready.</param>
    public BatchWorkers(IReadOnlyList<TItem> work, int threadCount, int batchSize, Func<TItem, CancellationToken, TResult> run, CancellationToken cancel,
        Func<TItem, object>? lane = null)
    {
        this.work = work;
        lanes = lane is null ? [.. work.Select(_ => (object)work)] : [.. work.Select(lane)];
        begun = new bool[work.Count];
        this.batchSize = Math.Max(1, batchSize);
        this.run = run;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        wakeOnStop = stop.Token.Register(() =>
        {
            lock (gate)
            {
                Monitor.PulseAll(gate);
            }
        });
        results = new TResult?[work.Count];
        this.threadCount = Math.Min(Math.Max(1, threadCount), work.Count);
        for (var i = 0; i < this.threadCount; i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"worker {i + 1}" };
            threads.Add(thread);
            thread.Start();
        }
    }

    /// <summary>Waits until items <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1 have run.</summary>
    public IReadOnlyList<(TItem Item, TResult Result)> Take(int start, int count)
    {
        lock (gate)
        {
            for (var i = start; i < start + count; i++)
            {
                while (results[i] is null)
                {
                    failure?.Throw();
                    Monitor.Wait(gate);
                }
            }
            taken = start + count;
            Monitor.PulseAll(gate);
        }
        return Enumerable.Range(start, count).Select(i => (work[i], results[i]!)).ToList();
    }

    public void Dispose()
    {
        stop.Cancel();
        foreach (var thread in threads)
        {
            thread.Join();
        }
        wakeOnStop.Dispose();
        stop.Dispose();
    }

    private void Work()
    {
        while (true)
        {
            try
            {
                if (Next() is not var (i, lane))
                {
                    return;
                }
                var steps = run(work[i], stop.Token);
                lock (gate)
                {
                    results[i] = steps;
                    Leave(lane);
                    Monitor.PulseAll(gate);
                }
            }
            catch (Exception e)
            {
                lock (gate)
                {
                    failure ??= ExceptionDispatchInfo.Capture(e);
                    Monitor.PulseAll(gate);
                }
                stop.Cancel();
                return;
            }
        }
    }

    /// <summary>
    /// The item to run next and its lane, or null when none is left: the first one not begun whose lane
    /// no other thread is running, else the first one not begun, within one batch (and an item per
    /// thread) past the last batch taken; blocks until one is in that window.
    /// </summary>
    private (int Index, object Lane)? Next()
    {
        lock (gate)
        {
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();
                while (first < work.Count && begun[first])
                {
                    first++;
                }
                if (first >= work.Count)
                {
                    return null;
                }
                // An item per thread more keeps threads busy while the last of a batch finish.
                var window = Math.Min(work.Count, taken + batchSize + threadCount);
                if (first >= window)
                {
                    Monitor.Wait(gate);
                    continue;
                }
                var pick = first;
                for (var i = first; i < window; i++)
                {
                    if (!begun[i] && !running.ContainsKey(lanes[i]))
                    {
                        pick = i;
                        break;
                    }
                }
                begun[pick] = true;
                var key = lanes[pick];
                running[key] = running.GetValueOrDefault(key) + 1;
                return (pick, key);
            }
        }
    }

    private void Leave(object lane)
    {
        if (--running[lane] == 0)
        {
            running.Remove(lane);
        }
    }
}
