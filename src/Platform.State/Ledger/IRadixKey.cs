namespace Platform.State.Ledger;

/// <summary>Says which 64-bit key <see cref="RadixSort"/> orders items of type <typeparamref name="T"/> by.</summary>
public interface IRadixKey<T>
{
    static abstract ulong KeyOf(in T item);
}
