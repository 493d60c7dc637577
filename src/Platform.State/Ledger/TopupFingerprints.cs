using System.Runtime.InteropServices;

namespace Platform.State.Ledger;

/// <summary>
/// The posted TOPUPs of the ledger by key hash (see <see cref="TopupFingerprint"/>). Like
/// <see cref="IdempotencyKeySet"/>: appended while the file is read, sorted once by <see cref="Seal"/>,
/// binary-searched afterwards; top-ups posted after that (a change, rows since a trusted prefix)
/// live in a small dictionary. A trusted prefix's are a memory-mapped sorted file.
/// </summary>
public sealed class TopupFingerprints(int expected)
{
    private readonly List<TopupFingerprint> read = new(expected);
    private readonly Dictionary<UInt128, TopupFingerprint> added = [];
    private bool isSealed;
    private SortedFile<TopupFingerprint>? checkedBefore;

    /// <summary>A sealed set whose fingerprints read before are the sorted file's (a trusted prefix), plus <paramref name="since"/>.</summary>
    public static TopupFingerprints Trusted(SortedFile<TopupFingerprint> sorted, IEnumerable<TopupFingerprint> since)
    {
        var set = new TopupFingerprints(0) { isSealed = true, checkedBefore = sorted };
        foreach (var fingerprint in since)
        {
            set.added.TryAdd(fingerprint.Key, fingerprint);
        }
        return set;
    }

    public bool IsTrusted => checkedBefore is not null;

    /// <summary>The fingerprints added after sealing.</summary>
    public IReadOnlyCollection<TopupFingerprint> AddedSinceSealed => added.Values;

    /// <summary>Remembers a posted top-up: appended while the file is read, added (the first of a key kept) after.</summary>
    public void Record(TopupFingerprint fingerprint)
    {
        if (isSealed)
        {
            added.TryAdd(fingerprint.Key, fingerprint);
        }
        else
        {
            read.Add(fingerprint);
        }
    }

    /// <summary>Sorts what was read into the full <see cref="TopupFingerprint.Order"/> (radix on the key's prefix, equal prefixes then ordered whole).</summary>
    public void Seal()
    {
        if (isSealed)
        {
            return;
        }
        isSealed = true;
        var span = CollectionsMarshal.AsSpan(read);
        RadixSort.Sort<TopupFingerprint, FingerprintPrefixKey>(span, GC.AllocateUninitializedArray<TopupFingerprint>(span.Length));
        for (var start = 0; start < span.Length;)
        {
            var end = start + 1;
            while (end < span.Length && HashPrefixKey.Prefix(span[end].Key) == HashPrefixKey.Prefix(span[start].Key))
            {
                end++;
            }
            if (end - start > 1)
            {
                span[start..end].Sort(TopupFingerprint.Order);
            }
            start = end;
        }
    }

    /// <summary>The posted top-up of this key hash, or null when no TOPUP holds it.</summary>
    public TopupFingerprint? Find(UInt128 key)
    {
        Seal();
        var sorted = SortedBase;
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (sorted[middle].Key < key)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        return low < sorted.Length && sorted[low].Key == key ? sorted[low] : added.TryGetValue(key, out var since) ? since : null;
    }

    /// <summary>Writes every fingerprint, in order, to <paramref name="path"/>: what a trusted prefix keeps for the next writer.</summary>
    public void WriteSorted(string path)
    {
        Seal();
        var extra = SortedAdded();
        AtomicFile.Write(path, stream => SortedMerge.Write(stream, SortedBase, extra, TopupFingerprint.Order));
    }

    /// <summary>True when both sets hold the same fingerprints.</summary>
    public bool SameValues(TopupFingerprints other)
    {
        Seal();
        other.Seal();
        return SortedMerge.Same(SortedBase, SortedAdded(), other.SortedBase, other.SortedAdded(), TopupFingerprint.Order);
    }

    private ReadOnlySpan<TopupFingerprint> SortedBase => checkedBefore is null ? CollectionsMarshal.AsSpan(read) : checkedBefore.Span;

    private TopupFingerprint[] SortedAdded()
    {
        var extra = added.Values.ToArray();
        Array.Sort(extra, TopupFingerprint.Order);
        return extra;
    }
}
