using System.Runtime.ExceptionServices;
using Platform.Orchestration.Planning;

namespace Platform.Orchestration.Running;

/// <summary>
/// Runs charged work orders on a fixed number of dedicated threads, taking them in order, and hands
/// them back batch by batch, so the orchestrator settles one batch while the next one runs. Threads
/// of their own, not the thread pool's: a module run blocks its thread in poll(2) until the module
/// ends, and the pool would add threads for that only slowly.
/// </summary>
/// <remarks>
/// The first failure (or the caller's cancellation) stops the rest: no new work order starts,
/// running modules are killed, and <see cref="Take"/> rethrows it. Disposing stops and joins the threads.
/// </remarks>
public sealed class WorkOrderWorkers : IDisposable
{
    private readonly IReadOnlyList<ChargedWorkOrder> work;
    private readonly Func<ChargedWorkOrder, CancellationToken, IReadOnlyList<StepOutcome>> run;
    private readonly CancellationTokenSource stop;
    private readonly IReadOnlyList<StepOutcome>?[] results;
    private readonly List<Thread> threads = [];
    private readonly object gate = new();
    private ExceptionDispatchInfo? failure;
    private int next = -1;

    public WorkOrderWorkers(IReadOnlyList<ChargedWorkOrder> work, int threadCount,
        Func<ChargedWorkOrder, CancellationToken, IReadOnlyList<StepOutcome>> run, CancellationToken cancel)
    {
        this.work = work;
        this.run = run;
        stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        results = new IReadOnlyList<StepOutcome>?[work.Count];
        for (var i = 0; i < Math.Min(Math.Max(1, threadCount), work.Count); i++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"work orders {i + 1}" };
            threads.Add(thread);
            thread.Start();
        }
    }

    /// <summary>Waits until work orders <paramref name="start"/> to <paramref name="start"/> + <paramref name="count"/> - 1 have run.</summary>
    public IReadOnlyList<(ChargedWorkOrder Work, IReadOnlyList<StepOutcome> Steps)> Take(int start, int count)
    {
        lock (gate)
        {
            for (var i = start; i < start + count; i++)
            {
                while (results[i] is null && failure is null)
                {
                    Monitor.Wait(gate);
                }
                failure?.Throw();
            }
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
        stop.Dispose();
    }

    private void Work()
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < work.Count)
        {
            try
            {
                stop.Token.ThrowIfCancellationRequested();
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
}
