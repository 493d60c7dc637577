using System.Security.Cryptography;

namespace Platform.Domain.Ids;

/// <summary>
/// The one ID generator: cryptographic randomness without modulo bias (random bytes at or above
/// 248, the largest multiple of 62 a byte holds, are thrown away; the rest map evenly onto the 62
/// letters), and never an ID the caller says is already taken.
/// </summary>
public static class IdGenerator
{
    private const int MaxAttempts = 1_000;

    /// <summary>Bytes below this are used (248 = 4 x 62); the others would favour the first letters.</summary>
    private const int Unbiased = 256 / 62 * 62;

    public static string NewValue(IdKind kind, Func<string, bool>? isTaken = null)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var candidate = Random(kind.Length);
            if (isTaken is null || !isTaken(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException($"No free {kind.Name} after {MaxAttempts} attempts: the ID space is nearly full.");
    }

    /// <summary>
    /// One call into the system's random source per ID (twice the bytes needed covers the ~3% thrown
    /// away), not one per letter as <see cref="RandomNumberGenerator.GetString"/> makes for an
    /// alphabet whose size is not a power of two: an orchestrator run draws thousands of IDs.
    /// </summary>
    private static string Random(int length) => string.Create(length, 0, static (letters, _) =>
    {
        Span<byte> bytes = stackalloc byte[2 * letters.Length];
        var filled = 0;
        while (filled < letters.Length)
        {
            RandomNumberGenerator.Fill(bytes);
            foreach (var b in bytes)
            {
                if (b < Unbiased && filled < letters.Length)
                {
                    letters[filled++] = Base62.Alphabet[b % 62];
                }
            }
        }
    });

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
