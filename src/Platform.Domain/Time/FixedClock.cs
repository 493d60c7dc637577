namespace Platform.Domain.Time;

/// <summary>A clock stopped at one instant: what <c>PLATFORM_NOW</c> gives every command, and what tests use.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
