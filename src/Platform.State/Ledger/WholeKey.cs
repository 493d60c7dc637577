namespace Platform.State.Ledger;

/// <summary>Orders plain 64-bit numbers (packed IDs) by their value.</summary>
public readonly struct WholeKey : IRadixKey<ulong>
{
    public static ulong KeyOf(in ulong item) => item;
}
