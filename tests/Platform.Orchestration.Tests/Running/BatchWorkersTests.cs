using Platform.Orchestration.Running;

namespace Platform.Orchestration.Tests.Running;

public sealed class BatchWorkersTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void Batches_come_back_in_order_with_every_item_run_once()
    {
        var runs = new int[100];
        using var workers = new BatchWorkers<int, string>(Enumerable.Range(0, 100).ToList(), 4, 10, (i, _) =>
        {
            Interlocked.Increment(ref runs[i]);
            return $"r{i}";
        }, CancellationToken.None);

        var taken = Enumerable.Range(0, 10).SelectMany(b => workers.Take(b * 10, 10)).ToList();

        Assert.Equal(Enumerable.Range(0, 100), taken.Select(t => t.Item));
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"r{i}"), taken.Select(t => t.Result));
        Assert.All(runs, count => Assert.Equal(1, count));
    }

    [Fact]
    public void Workers_run_at_most_one_batch_and_an_item_per_thread_past_the_last_batch_taken()
    {
        var started = new HashSet<int>();
        var reachedLimit = new ManualResetEventSlim();
        using var workers = new BatchWorkers<int, string>(Enumerable.Range(0, 100).ToList(), 2, 10, (i, _) =>
        {
            lock (started)
            {
                started.Add(i);
                if (started.Count == 12)
                {
                    reachedLimit.Set();
                }
            }
            return "done";
        }, CancellationToken.None);

        // Nothing taken yet: the first batch and one item per thread (0..11), and no more.
        Assert.True(reachedLimit.Wait(Patience));
        workers.Take(0, 10);
        Assert.Equal(Enumerable.Range(0, 10), workers.Take(10, 10).Select(t => t.Item - 10));
        lock (started)
        {
            Assert.True(started.Max() < 20 + 10 + 2, $"item {started.Max()} started before its turn");
        }
    }

    [Fact]
    public void A_failure_stops_the_rest_and_surfaces_only_where_a_result_is_missing()
    {
        using var workers = new BatchWorkers<int, string>(Enumerable.Range(0, 40).ToList(), 1, 10, (i, token) =>
        {
            token.ThrowIfCancellationRequested();
            return i == 15 ? throw new InvalidOperationException("item 15 broke") : "ok";
        }, CancellationToken.None);

        Assert.Equal(10, workers.Take(0, 10).Count);
        var error = Assert.Throws<InvalidOperationException>(() => workers.Take(10, 10));
        Assert.Equal("item 15 broke", error.Message);
        Assert.Throws<InvalidOperationException>(() => workers.Take(30, 10));
    }

    [Fact]
    public void Cancelling_wakes_the_caller_with_the_cancellation()
    {
        using var cancel = new CancellationTokenSource();
        using var release = new ManualResetEventSlim();
        using var workers = new BatchWorkers<int, string>(Enumerable.Range(0, 10).ToList(), 2, 5, (i, token) =>
        {
            // Item 1 stops the run while item 0 waits for something that never happens.
            if (i == 1)
            {
                cancel.Cancel();
            }
            release.Wait(token);
            return "ok";
        }, cancel.Token);

        Assert.ThrowsAny<OperationCanceledException>(() => workers.Take(0, 5));
    }

    /// <summary>
    /// Items come lane by lane (a tenant's work orders are consecutive): a lane's items do not run
    /// side by side while another lane has one ready, so a tenant's runs reuse one worker per module.
    /// </summary>
    [Fact]
    public void A_lane_runs_on_one_thread_while_another_lane_has_items_ready()
    {
        // Lane A's 5 items first, then lane B's 50: B always has an item ready while A has any.
        var items = Enumerable.Range(0, 55).ToList();
        var inFlight = new int[2];
        var most = new int[2];
        using var workers = new BatchWorkers<int, string>(items, 2, 100, (i, _) =>
        {
            var lane = i < 5 ? 0 : 1;
            lock (most)
            {
                most[lane] = Math.Max(most[lane], ++inFlight[lane]);
            }
            Thread.Yield();
            lock (most)
            {
                inFlight[lane]--;
            }
            return "ok";
        }, CancellationToken.None, lane: i => i < 5 ? "A" : "B");

        Assert.Equal(55, workers.Take(0, 55).Count);
        Assert.Equal(1, most[0]);
    }

    [Fact]
    public void A_lone_lane_still_runs_on_every_thread()
    {
        using var bothRunning = new CountdownEvent(2);
        using var workers = new BatchWorkers<int, string>(Enumerable.Range(0, 2).ToList(), 2, 10, (i, _) =>
        {
            bothRunning.Signal();
            // Each item waits until the other one runs too: only two threads on one lane get past this.
            return bothRunning.Wait(Patience) ? "together" : "alone";
        }, CancellationToken.None, lane: _ => "A");

        Assert.All(workers.Take(0, 2), t => Assert.Equal("together", t.Result));
    }
}
