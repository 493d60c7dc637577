using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Platform.State.Ledger;

/// <summary>
/// Two sorted runs read as one (a large sorted base and the few values added since), without
/// building the merged array: written to a file, or compared with another such pair.
/// </summary>
internal static class SortedMerge
{
    public static void Write<T>(Stream output, ReadOnlySpan<T> first, ReadOnlySpan<T> second, Comparison<T> order)
        where T : unmanaged
    {
        // 32 KiB: below the large-object size, which each writer would otherwise allocate (a full collection each).
        var buffer = new T[(32 << 10) / Unsafe.SizeOf<T>()];
        var filled = 0;
        int i = 0, j = 0;
        while (i < first.Length || j < second.Length)
        {
            buffer[filled++] = j == second.Length || (i < first.Length && order(first[i], second[j]) <= 0) ? first[i++] : second[j++];
            if (filled == buffer.Length)
            {
                output.Write(MemoryMarshal.AsBytes(buffer.AsSpan()));
                filled = 0;
            }
        }
        output.Write(MemoryMarshal.AsBytes(buffer.AsSpan(0, filled)));
    }

    /// <summary>True when the pairs (<paramref name="a1"/>, <paramref name="a2"/>) and (<paramref name="b1"/>, <paramref name="b2"/>) hold the same values in the same order.</summary>
    public static bool Same<T>(ReadOnlySpan<T> a1, ReadOnlySpan<T> a2, ReadOnlySpan<T> b1, ReadOnlySpan<T> b2, Comparison<T> order)
        where T : unmanaged, IEquatable<T>
    {
        if (a1.Length + a2.Length != b1.Length + b2.Length)
        {
            return false;
        }
        int i = 0, j = 0, k = 0, l = 0;
        while (i < a1.Length || j < a2.Length)
        {
            var a = j == a2.Length || (i < a1.Length && order(a1[i], a2[j]) <= 0) ? a1[i++] : a2[j++];
            var b = l == b2.Length || (k < b1.Length && order(b1[k], b2[l]) <= 0) ? b1[k++] : b2[l++];
            if (!a.Equals(b))
            {
                return false;
            }
        }
        return true;
    }
}
