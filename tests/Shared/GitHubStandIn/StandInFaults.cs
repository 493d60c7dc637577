namespace Platform.Tests.Shared;

/// <summary>How a broken upload ends: what it leaves in the release, and what the client hears.</summary>
public enum BrokenUpload
{
    /// <summary>A <c>starter</c> asset of size 0 stays under the name; the answer is 502.</summary>
    StarterThen502,

    /// <summary>A <c>starter</c> asset of size 0 stays under the name; the connection closes without an answer.</summary>
    StarterThenDrop,

    /// <summary>The asset is stored whole; the answer is 502.</summary>
    StoredThen502,

    /// <summary>The asset is stored whole; the connection closes without an answer.</summary>
    StoredThenDrop,
}

/// <summary>
/// Which requests of one kind a fault hits: a fraction of them, decided per ordinal from the seed (so
/// the same run of requests meets the same faults), and/or listed 1-based ordinals. Ordinals count
/// the requests of that kind since the fault settings were last set.
/// </summary>
public sealed record FaultOdds(double Fraction = 0, IReadOnlySet<long>? Ordinals = null)
{
    public static readonly FaultOdds Never = new();

    public static FaultOdds Always { get; } = new(1);

    /// <summary>Hits exactly the listed ordinals (1 = the first such request).</summary>
    public static FaultOdds At(params long[] ordinals) => new(0, ordinals.ToHashSet());

    public static FaultOdds Fractionally(double fraction) =>
        fraction is >= 0 and <= 1 ? new(fraction) : throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "must be 0 to 1");

    internal bool Hits(int seed, string kind, long ordinal) =>
        (Ordinals?.Contains(ordinal) ?? false) || (Fraction > 0 && FaultDice.Roll(seed, kind, ordinal) < Fraction);
}

/// <summary>
/// The faults the stand-in injects and the limits it enforces; replace them at any time through
/// <see cref="GitHubStandIn.Faults"/> (an immutable record, so a test changes it with <c>with</c>).
/// </summary>
public sealed record StandInFaults
{
    public static readonly StandInFaults None = new();

    /// <summary>Every fraction below is decided from this seed and the request's ordinal.</summary>
    public int Seed { get; init; }

    /// <summary>Uploads that break off (ordinals count uploads).</summary>
    public FaultOdds BrokenUploads { get; init; } = FaultOdds.Never;

    /// <summary>How a broken upload ends, picked per upload from the seed; by default half leave a starter, half store and lose the answer.</summary>
    public IReadOnlyList<BrokenUpload> BrokenUploadKinds { get; init; } = Enum.GetValues<BrokenUpload>();

    /// <summary>Content-creating requests (POST, PATCH, PUT, DELETE) answered 403 "secondary rate limit" (ordinals count those requests).</summary>
    public FaultOdds SecondaryLimits { get; init; } = FaultOdds.Never;

    /// <summary>The Retry-After an injected secondary limit carries; null sends none (then GitHub says: wait at least a minute).</summary>
    public TimeSpan? SecondaryLimitRetryAfter { get; init; }

    /// <summary>
    /// GitHub's documented content-creating limit: more than this many content-creating requests within
    /// 60 s of the stand-in's clock are 403 "secondary rate limit". Null: not enforced. GitHub's is 80.
    /// </summary>
    public int? ContentCreatingPerMinute { get; init; }

    /// <summary>Whether the enforced limit above answers with a Retry-After (the seconds until a slot frees).</summary>
    public bool ContentCreatingLimitSendsRetryAfter { get; init; }

    /// <summary>Refuse requests (403, remaining 0) once the primary hourly limit is spent.</summary>
    public bool EnforcePrimaryLimit { get; init; }

    /// <summary>API requests answered 500, 502 or 503 before they change anything (ordinals count all requests).</summary>
    public FaultOdds ServerErrors { get; init; } = FaultOdds.Never;

    internal BrokenUpload PickBrokenUpload(long ordinal)
    {
        var kinds = BrokenUploadKinds.Count == 0 ? Enum.GetValues<BrokenUpload>() : BrokenUploadKinds;
        return kinds[Math.Min(kinds.Count - 1, (int)(FaultDice.Roll(Seed, "broken-upload-kind", ordinal) * kinds.Count))];
    }

    internal int PickServerError(long ordinal) => (int)(FaultDice.Roll(Seed, "server-error-kind", ordinal) * 3) switch
    {
        0 => 500,
        1 => 502,
        _ => 503,
    };
}

/// <summary>A uniform number in [0, 1) from (seed, kind, ordinal) alone: SplitMix64 over the three.</summary>
internal static class FaultDice
{
    public static double Roll(int seed, string kind, long ordinal)
    {
        var x = unchecked((ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ Fnv(kind) ^ (ulong)ordinal * 0xD1B54A32D192ED03UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>FNV-1a: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
    private static ulong Fnv(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }
        return hash;
    }
}
