namespace Platform.State.Ledger;

/// <summary>
/// Orders 128-bit hashes by their top 32 bits: hashes are uniform, so that prefix is nearly unique
/// and four radix passes do instead of sixteen; equal prefixes are told apart by a short scan.
/// </summary>
public readonly struct HashPrefixKey : IRadixKey<UInt128>
{
    public static ulong KeyOf(in UInt128 item) => Prefix(item);

    public static ulong Prefix(UInt128 hash) => (ulong)(hash >> 96);
}
