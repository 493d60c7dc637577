namespace Platform.State.Stores.GitHub;

/// <summary>
/// Keeps content-creating requests (POST, PATCH, PUT, DELETE) under GitHub's secondary limit: at most
/// <c>perMinute</c> of them go out in any rolling 60 s. One more waits, through the clock, until the
/// oldest of those leaves the window. Requests wait their turn one at a time, as GitHub asks of
/// content-creating ones.
/// </summary>
public sealed class ContentRequestPacer(int perMinute, TimeProvider clock)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private readonly Queue<DateTimeOffset> sent = new();
    private readonly Lock gate = new();

    public static bool Paces(HttpMethod method) =>
        method == HttpMethod.Post || method == HttpMethod.Patch || method == HttpMethod.Put || method == HttpMethod.Delete;

    /// <summary>Waits until one more content-creating request may go out, and counts it as sent now.</summary>
    public void WaitTurn()
    {
        lock (gate)
        {
            if (sent.Count == perMinute)
            {
                var wait = sent.Dequeue() + Window - clock.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    Task.Delay(wait, clock).GetAwaiter().GetResult();
                }
            }
            sent.Enqueue(clock.GetUtcNow());
        }
    }
}
