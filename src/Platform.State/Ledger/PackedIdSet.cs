using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.State.Ledger;

/// <summary>
/// The packed IDs of one large table. While the file is read they are only appended (cheap, in
/// file order); <see cref="Seal"/> sorts them once, which finds duplicates without a hash set and
/// leaves a compact array to binary-search. IDs added after that (a change about to be written)
/// are few and kept in a small hash set.
/// </summary>
public sealed class PackedIdSet(int expected)
{
    private readonly List<ulong> ids = new(expected);
    private readonly HashSet<ulong> added = [];
    private bool isSealed;
    private SortedFile<ulong>? checkedBefore;

    /// <summary>A sealed set whose values read before are the sorted file's (a trusted prefix), plus <paramref name="since"/>.</summary>
    public static PackedIdSet Trusted(SortedFile<ulong> sorted, IEnumerable<ulong> since)
    {
        var set = new PackedIdSet(0) { isSealed = true, checkedBefore = sorted };
        set.added.UnionWith(since);
        return set;
    }

    /// <summary>Writes every value, sorted, to <paramref name="path"/>: what a trusted prefix keeps for the next writer.</summary>
    public void WriteSorted(string path)
    {
        Seal();
        var extra = SortedAdded();
        AtomicFile.Write(path, stream => SortedMerge.Write(stream, SortedBase, extra, Comparer<ulong>.Default.Compare));
    }

    /// <summary>True when both sets hold the same values.</summary>
    public bool SameValues(PackedIdSet other)
    {
        Seal();
        other.Seal();
        return SortedMerge.Same(SortedBase, SortedAdded(), other.SortedBase, other.SortedAdded(), Comparer<ulong>.Default.Compare);
    }

    private ReadOnlySpan<ulong> SortedBase => checkedBefore is null ? CollectionsMarshal.AsSpan(ids) : checkedBefore.Span;

    private ulong[] SortedAdded()
    {
        var extra = added.ToArray();
        Array.Sort(extra);
        return extra;
    }

    /// <summary>True when the values read before come from a trusted prefix's sorted file.</summary>
    public bool IsTrusted => checkedBefore is not null;

    /// <summary>The values added after sealing (a change's rows, or rows since a trusted prefix).</summary>
    public IReadOnlyCollection<ulong> AddedSinceSealed => added;

    /// <summary>True once the values read from the file are sorted; later ones go through TryAdd.</summary>
    public bool IsSealed => isSealed;

    /// <summary>Each value read more than once before sealing.</summary>
    public HashSet<ulong> Duplicates { get; } = [];

    public int Count => (checkedBefore?.Count ?? ids.Count) + added.Count;

    /// <summary>Remembers an ID read from the file; duplicates are found by <see cref="Seal"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ulong id)
    {
        if (isSealed)
        {
            throw new InvalidOperationException("The set is sealed; add further IDs with TryAdd.");
        }
        ids.Add(id);
    }

    /// <summary>Sorts the IDs read so far; returns <see cref="Duplicates"/> (usually none).</summary>
    public HashSet<ulong> Seal()
    {
        if (isSealed)
        {
            return Duplicates;
        }
        isSealed = true;
        var span = CollectionsMarshal.AsSpan(ids);
        RadixSort.Sort<ulong, WholeKey>(span, GC.AllocateUninitializedArray<ulong>(span.Length));
        var duplicated = Duplicates;
        for (var i = 1; i < span.Length; i++)
        {
            if (span[i] == span[i - 1])
            {
                duplicated.Add(span[i]);
            }
        }
        return duplicated;
    }

    /// <summary>Whether the set holds the value. The first call after a scan sorts the scanned values (seals the set), once.</summary>
    public bool SealAndContains(ulong id)
    {
        // A scan cut short (by an overflow) never sealed the set; the checks that follow still may ask.
        Seal();
        var sorted = checkedBefore is null ? CollectionsMarshal.AsSpan(ids) : checkedBefore.Span;
        return sorted.BinarySearch(id) >= 0 || added.Contains(id);
    }

    /// <summary>Adds an ID after sealing; false when it is present already.</summary>
    public bool TryAdd(ulong id) => !SealAndContains(id) && added.Add(id);
}
