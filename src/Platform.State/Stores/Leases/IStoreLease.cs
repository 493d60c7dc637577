namespace Platform.State.Stores.Leases;

/// <summary>The single-writer lease of a release store's billing state; disposing the result releases it.</summary>
public interface IStoreLease
{
    IDisposable Acquire();
}
