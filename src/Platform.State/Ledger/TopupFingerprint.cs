using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Platform.State.Ledger;

/// <summary>What a top-up (a payment, an operator's top-up) is posted as: a repeat of its key must say the same.</summary>
public sealed record TopupContent(string Key, string Tenant, string Method, long Amount);

/// <summary>
/// One posted TOPUP as the ledger facts keep it (32 bytes): the hash of its idempotency key (as
/// <see cref="IdempotencyKeySet"/> holds it), a 64-bit hash of its tenant, method and amount, and its
/// packed transaction ID. A repeat is compared by these hashes alone; only a difference (a conflict,
/// rare) reads the row itself to name the posted values.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct TopupFingerprint(UInt128 Key, ulong Content, ulong Transaction)
{
    public const string MethodProperty = "topup_method_id";

    private const int StackLimit = 256;

    public static ulong ContentOf(ReadOnlySpan<char> tenant, ReadOnlySpan<char> method, long amount)
    {
        var length = tenant.Length + method.Length + 22;
        Span<char> text = length <= StackLimit ? stackalloc char[StackLimit] : new char[length];
        tenant.CopyTo(text);
        text[tenant.Length] = '\n';
        method.CopyTo(text[(tenant.Length + 1)..]);
        var at = tenant.Length + 1 + method.Length;
        text[at++] = '\n';
        amount.TryFormat(text[at..], out var written, default, CultureInfo.InvariantCulture);
        return XxHash64.HashToUInt64(MemoryMarshal.AsBytes(text[..(at + written)]));
    }

    public static ulong ContentOf(TopupContent content) => ContentOf(content.Tenant, content.Method, content.Amount);

    /// <summary>True when <paramref name="content"/> is what this top-up was posted as (its key included).</summary>
    public bool Holds(TopupContent content) => Key == IdempotencyKey.Hash(content.Key) && Content == ContentOf(content);

    public string TransactionId => LedgerText.UnpackId(Transaction);

    /// <summary>The full order (key, then transaction, then content): what the sorted file and comparisons use.</summary>
    public static int Order(TopupFingerprint a, TopupFingerprint b)
    {
        var byKey = a.Key.CompareTo(b.Key);
        return byKey != 0 ? byKey : a.Transaction != b.Transaction ? a.Transaction.CompareTo(b.Transaction) : a.Content.CompareTo(b.Content);
    }
}

/// <summary>Orders fingerprints by the top 32 bits of their key hash (see <see cref="HashPrefixKey"/>).</summary>
public readonly struct FingerprintPrefixKey : IRadixKey<TopupFingerprint>
{
    public static ulong KeyOf(in TopupFingerprint item) => HashPrefixKey.Prefix(item.Key);
}
