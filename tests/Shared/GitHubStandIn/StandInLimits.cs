using System.Globalization;

namespace Platform.Tests.Shared;

/// <summary>
/// GitHub's rate limits by the stand-in's clock: the primary hourly budget every API answer reports
/// in its <c>x-ratelimit-*</c> headers, and the window of content-creating requests of the last 60 s
/// that the secondary limit counts.
/// </summary>
internal sealed class StandInLimits(TimeProvider clock, int primaryLimit)
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private readonly object gate = new();
    private readonly Queue<DateTimeOffset> contentCreating = new();
    private DateTimeOffset windowEnds = DateTimeOffset.MinValue;
    private int used;

    /// <summary>
    /// Spends <paramref name="cost"/> of the hour's budget (an upload costs GitHub two); with
    /// <paramref name="enforce"/> a request the budget cannot pay is refused and spends nothing.
    /// </summary>
    public (bool Refused, (string Name, string Value)[] Headers) Spend(int cost, bool enforce)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (now >= windowEnds)
            {
                (windowEnds, used) = (now + Hour, 0);
            }
            var refused = enforce && used + cost > primaryLimit;
            used += refused ? 0 : cost;
            return (refused,
            [
                ("x-ratelimit-limit", Text(primaryLimit)),
                ("x-ratelimit-remaining", Text(Math.Max(0, primaryLimit - used))),
                ("x-ratelimit-reset", Text(windowEnds.ToUnixTimeSeconds())),
                ("x-ratelimit-used", Text(Math.Min(used, primaryLimit))),
                ("x-ratelimit-resource", "core"),
            ]);
        }
    }

    /// <summary>
    /// Records a content-creating request; when <paramref name="perMinute"/> of them already came in
    /// the last 60 s, refuses it instead and says how long until the oldest leaves the window.
    /// </summary>
    public TimeSpan? ContentCreating(int? perMinute)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            while (contentCreating.TryPeek(out var oldest) && oldest <= now - Minute)
            {
                contentCreating.Dequeue();
            }
            if (perMinute is { } limit && contentCreating.Count >= limit)
            {
                return contentCreating.Peek() + Minute - now;
            }
            contentCreating.Enqueue(now);
            return null;
        }
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
