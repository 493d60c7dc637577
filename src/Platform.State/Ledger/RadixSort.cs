using System.Runtime.CompilerServices;
namespace Platform.State.Ledger;

/// <summary>
/// Least-significant-digit radix sort on a 64-bit key, byte by byte, stable. The ledger sorts
/// millions of packed IDs and hashes per load; this is several times faster than a comparison sort,
/// and a byte on which all keys agree (the high bytes of packed IDs) costs one histogram, not a pass.
/// </summary>
public static class RadixSort
{
    private const int Digits = 8;
    private const int Buckets = 256;

    /// <summary>Sorts <paramref name="items"/> in place, using <paramref name="scratch"/> (at least as long) as the second buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Sort<T, TKey>(Span<T> items, Span<T> scratch)
        where TKey : IRadixKey<T>
    {
        if (items.Length < 2)
        {
            return;
        }
        if (scratch.Length < items.Length)
        {
            throw new ArgumentException("The scratch buffer is shorter than the items.", nameof(scratch));
        }
        scratch = scratch[..items.Length];
        var counts = new int[Digits * Buckets];
        foreach (ref readonly var item in items)
        {
            var key = TKey.KeyOf(in item);
            for (var digit = 0; digit < Digits; digit++)
            {
                counts[(digit * Buckets) + (int)((key >> (digit * 8)) & 0xFF)]++;
            }
        }
        var source = items;
        var target = scratch;
        for (var digit = 0; digit < Digits; digit++)
        {
            var histogram = counts.AsSpan(digit * Buckets, Buckets);
            if (histogram.Contains(items.Length))
            {
                continue;
            }
            var offset = 0;
            for (var bucket = 0; bucket < Buckets; bucket++)
            {
                var count = histogram[bucket];
                histogram[bucket] = offset;
                offset += count;
            }
            var shift = digit * 8;
            foreach (ref readonly var item in source)
            {
                target[histogram[(int)((TKey.KeyOf(in item) >> shift) & 0xFF)]++] = item;
            }
            var swap = source;
            source = target;
            target = swap;
        }
        if (source != items)
        {
            source.CopyTo(items);
        }
    }
}
