namespace Platform.Stores.Tests.Support;

/// <summary>
/// A clock that moves only by the waits asked of it: every wait (a timer) ends at once, is recorded
/// and moves the clock on by its length, so retries and deadlines run without sleeping. With
/// <c>refuse</c> a wait fails the test instead.
/// </summary>
public sealed class InstantDelays(bool refuse = false) : TimeProvider
{
    private readonly List<TimeSpan> waits = [];
    private DateTimeOffset now = TimeProvider.System.GetUtcNow();

    public override DateTimeOffset GetUtcNow()
    {
        lock (waits)
        {
            return now;
        }
    }

    public IReadOnlyList<TimeSpan> Waits
    {
        get
        {
            lock (waits)
            {
                return [.. waits];
            }
        }
    }

    /// <summary>Moves the clock on without a wait, as time spent working would.</summary>
    public void Advance(TimeSpan by)
    {
        lock (waits)
        {
            now += by;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (refuse)
        {
            throw new InvalidOperationException($"a wait of {dueTime} where none was expected");
        }
        lock (waits)
        {
            waits.Add(dueTime);
            now += dueTime;
        }
        // Fired on another thread, after the caller has its timer: never re-entered from here.
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new Fired();
    }

    private sealed class Fired : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
