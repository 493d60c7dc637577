namespace Platform.Tests.Shared;

/// <summary>The fault settings in force and the ordinals their odds are decided by, reset together when the settings change.</summary>
internal sealed class StandInFaultState(StandInFaults initial)
{
    public enum Kind
    {
        Request,
        ContentCreating,
        Upload,
    }

    private readonly object gate = new();
    private readonly long[] ordinals = new long[Enum.GetValues<Kind>().Length];
    private StandInFaults current = initial;

    public StandInFaults Current
    {
        get
        {
            lock (gate)
            {
                return current;
            }
        }
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (gate)
            {
                current = value;
                Array.Clear(ordinals);
            }
        }
    }

    /// <summary>The settings and this request's 1-based ordinal among requests of its kind.</summary>
    public (StandInFaults Faults, long Ordinal) Next(Kind kind)
    {
        lock (gate)
        {
            return (current, ++ordinals[(int)kind]);
        }
    }
}
