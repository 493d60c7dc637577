using Platform.Domain.Errors;

namespace Platform.Files.Tables;

/// <summary>Collects violations from several threads; keeps the first thousand, counts them all.</summary>
public sealed class ViolationLog
{
    public const int Kept = 1000;
    private readonly List<Violation> kept = [];
    private long count;

    public long Count => Interlocked.Read(ref count);

    public IReadOnlyList<Violation> Violations
    {
        get
        {
            lock (kept)
            {
                return kept.ToArray();
            }
        }
    }

    public void Add(Violation violation)
    {
        Interlocked.Increment(ref count);
        lock (kept)
        {
            if (kept.Count < Kept)
            {
                kept.Add(violation);
            }
        }
    }

    public void ThrowIfAny(ExitCode code = ExitCode.BadInput)
    {
        if (Count > 0)
        {
            throw new PlatformException(code, Violations);
        }
    }
}
