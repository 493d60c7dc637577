using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.State.Ledger;

/// <summary>
/// The hashed idempotency keys of the ledger (see <see cref="IdempotencyKey.Hash"/>). Like
/// <see cref="PackedIdSet"/>: appended while the file is read, sorted once by <see cref="Seal"/>,
/// binary-searched afterwards; keys posted after that live in a small hash set.
/// </summary>
public sealed class IdempotencyKeySet(int expected)
{
    private readonly List<UInt128> hashes = new(expected);
    private readonly HashSet<UInt128> added = [];
    private bool isSealed;

    /// <summary>True once the values read from the file are sorted; later ones go through TryAdd.</summary>
    public bool IsSealed => isSealed;

    /// <summary>Each value read more than once before sealing.</summary>
    public HashSet<UInt128> Duplicates { get; } = [];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(UInt128 hash)
    {
        if (isSealed)
        {
            throw new InvalidOperationException("The set is sealed; add further keys with TryAdd.");
        }
        hashes.Add(hash);
    }

    /// <summary>Sorts the hashes read so far; returns <see cref="Duplicates"/> (usually none).</summary>
    public HashSet<UInt128> Seal()
    {
        if (isSealed)
        {
            return Duplicates;
        }
        isSealed = true;
        var span = CollectionsMarshal.AsSpan(hashes);
        RadixSort.Sort<UInt128, HashPrefixKey>(span, GC.AllocateUninitializedArray<UInt128>(span.Length));
        var duplicated = Duplicates;
        var start = 0;
        while (start < span.Length)
        {
            var prefix = HashPrefixKey.Prefix(span[start]);
            var end = start + 1;
            while (end < span.Length && HashPrefixKey.Prefix(span[end]) == prefix)
            {
                end++;
            }
            // A run of equal prefixes is almost always one hash long; compare its members pairwise.
            for (var i = start; i < end; i++)
            {
                for (var j = i + 1; j < end; j++)
                {
                    if (span[i] == span[j])
                    {
                        duplicated.Add(span[i]);
                    }
                }
            }
            start = end;
        }
        return duplicated;
    }

    /// <summary>Whether the set holds the value. The first call after a scan sorts the scanned values (seals the set), once.</summary>
    public bool SealAndContains(UInt128 hash)
    {
        // A scan cut short (by an overflow) never sealed the set; the checks that follow still may ask.
        Seal();
        return SortedContains(CollectionsMarshal.AsSpan(hashes), hash) || added.Contains(hash);
    }

    /// <summary>Adds a hash after sealing; false when it is present already.</summary>
    public bool TryAdd(UInt128 hash) => !SealAndContains(hash) && added.Add(hash);

    private static bool SortedContains(ReadOnlySpan<UInt128> sorted, UInt128 hash)
    {
        var prefix = HashPrefixKey.Prefix(hash);
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (HashPrefixKey.Prefix(sorted[middle]) < prefix)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        for (var i = low; i < sorted.Length && HashPrefixKey.Prefix(sorted[i]) == prefix; i++)
        {
            if (sorted[i] == hash)
            {
                return true;
            }
        }
        return false;
    }
}
