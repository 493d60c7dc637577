namespace Platform.Stores.Tests.Support;

/// <summary>
/// The real clock, except that every wait (a timer) ends at once and is recorded, so retries run
/// without sleeping; with <c>refuse</c> a wait fails the test instead.
/// </summary>
public sealed class InstantDelays(bool refuse = false) : TimeProvider
{
    private readonly List<TimeSpan> waits = [];

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

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (refuse)
        {
            throw new InvalidOperationException($"a wait of {dueTime} where none was expected");
        }
        lock (waits)
        {
            waits.Add(dueTime);
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
