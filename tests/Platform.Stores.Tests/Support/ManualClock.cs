namespace Platform.Stores.Tests.Support;

/// <summary>A clock the test moves by hand, so expiries are reached without waiting.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
