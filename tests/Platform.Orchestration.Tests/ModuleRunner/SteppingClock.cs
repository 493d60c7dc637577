namespace Platform.Orchestration.Tests.ModuleRunner;

/// <summary>A clock that starts at a fixed instant and moves one second per reading, so tests can tell its readings apart.</summary>
internal sealed class SteppingClock(DateTimeOffset start) : TimeProvider
{
    private long readings;

    public DateTimeOffset Start { get; } = start;

    public override DateTimeOffset GetUtcNow() => Start.AddSeconds(Interlocked.Increment(ref readings) - 1);
}
