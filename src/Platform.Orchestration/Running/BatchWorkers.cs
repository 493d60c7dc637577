using System.Runtime.ExceptionServices;

namespace Platform.Orchestration.Running;

/// <summary>
/// Runs items (the orchestrator's charged work orders) on a fixed number of dedicated threads, taking
/// them in order, and hands them back batch by batch, so the orchestrator settles one batch while
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
    private ExceptionDispatchInfo? failure;
    private int next = -1;
    private int taken;

    public BatchWorkers(IReadOnlyList<TItem> work, int threadCount, int batchSize, Func<TItem, CancellationToken, TResult> run, CancellationToken cancel)
    {
        this.work = work;
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
        int i;
        while ((i = Interlocked.Increment(ref next)) < work.Count)
        {
            try
            {
                WaitForTurn(i);
                var steps = run(work[i], stop.Token);
                lock (gate)
                {
                    results[i] = steps;
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

    /// <summary>Blocks until item <paramref name="i"/> is at most one batch (and an item per thread) past the last batch taken.</summary>
    private void WaitForTurn(int i)
    {
        lock (gate)
        {
            // An item per thread more keeps threads busy while the last of a batch finish.
            while (i >= taken + batchSize + threadCount && !stop.IsCancellationRequested)
            {
                Monitor.Wait(gate);
            }
        }
        stop.Token.ThrowIfCancellationRequested();
    }
}
