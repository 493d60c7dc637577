using System.Security.Cryptography;

namespace Platform.Domain.Ids;

/// <summary>
/// The one ID generator: cryptographic randomness, no modulo bias
/// (<see cref="RandomNumberGenerator.GetItems{T}(ReadOnlySpan{T}, int)"/> rejects out-of-range
/// bytes), and never an ID the caller says is already taken.
/// </summary>
public static class IdGenerator
{
    private const int MaxAttempts = 1_000;

    public static string NewValue(IdKind kind, Func<string, bool>? isTaken = null)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var candidate = RandomNumberGenerator.GetString(Base62.Alphabet, kind.Length);
            if (isTaken is null || !isTaken(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"No free {kind.Name} after {MaxAttempts} attempts: the ID space is nearly full.");
    }

    public static Id<TKind> New<TKind>(Func<string, bool>? isTaken = null)
        where TKind : IIdKind =>
        Id<TKind>.FromGenerated(NewValue(TKind.Kind, isTaken));

    /// <summary>Distinct new IDs, none of them taken.</summary>
    public static IReadOnlyList<string> NewValues(IdKind kind, int count, Func<string, bool>? isTaken = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var seen = new HashSet<string>(count, StringComparer.Ordinal);
        var result = new List<string>(count);
        while (result.Count < count)
        {
            var id = NewValue(kind, v => seen.Contains(v) || (isTaken?.Invoke(v) ?? false));
            seen.Add(id);
            result.Add(id);
        }
        return result;
    }
}
