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
    private SortedFile<UInt128>? checkedBefore;

    /// <summary>A sealed set whose keys read before are the sorted file's (a trusted prefix), plus <paramref name="since"/>.</summary>
    public static IdempotencyKeySet Trusted(SortedFile<UInt128> sorted, IEnumerable<UInt128> since)
    {
        var set = new IdempotencyKeySet(0) { isSealed = true, checkedBefore = sorted };
        set.added.UnionWith(since);
        return set;
    }

    /// <summary>Writes every key hash, in the set's order (by prefix), to <paramref name="path"/>: what a trusted prefix keeps for the next writer.</summary>
    public void WriteSorted(string path)
    {
        Seal();
        var extra = SortedAdded();
        AtomicFile.Write(path, stream => SortedMerge.Write(stream, SortedBase, extra, ByPrefix));
    }

    /// <summary>True when both sets hold the same key hashes (in the same order within equal prefixes, which a prefix collision alone could upset).</summary>
    public bool SameValues(IdempotencyKeySet other)
    {
        Seal();
        other.Seal();
        return SortedMerge.Same(SortedBase, SortedAdded(), other.SortedBase, other.SortedAdded(), ByPrefix);
    }

    private static int ByPrefix(UInt128 a, UInt128 b) => HashPrefixKey.Prefix(a).CompareTo(HashPrefixKey.Prefix(b));

    private ReadOnlySpan<UInt128> SortedBase => checkedBefore is null ? CollectionsMarshal.AsSpan(hashes) : checkedBefore.Span;

    private UInt128[] SortedAdded()
    {
        var extra = added.ToArray();
        Array.Sort(extra, ByPrefix);
        return extra;
    }

    /// <summary>True when the values read before come from a trusted prefix's sorted file.</summary>
    public bool IsTrusted => checkedBefore is not null;

    /// <summary>The values added after sealing (a change's rows, or rows since a trusted prefix).</summary>
    public IReadOnlyCollection<UInt128> AddedSinceSealed => added;

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
        var sorted = checkedBefore is null ? CollectionsMarshal.AsSpan(hashes) : checkedBefore.Span;
        return SortedContains(sorted, hash) || added.Contains(hash);
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
