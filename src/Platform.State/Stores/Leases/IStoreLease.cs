namespace Platform.State.Stores.Leases;

/// <summary>The single-writer lease of a release store's billing state; disposing the result releases it.</summary>
public interface IStoreLease
{
    IHeldLease Acquire();
}

/// <summary>A lease this process holds; disposing releases it.</summary>
public interface IHeldLease : IDisposable
{
    /// <summary>
    /// Cancelled if the lease is found lost while held (a git-ref lease broken after it expired),
    /// so a long holder can stop at once; an OS file lock cannot be lost and never cancels it.
    /// </summary>
    CancellationToken Lost { get; }
}
