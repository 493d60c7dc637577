namespace Platform.State.Stores.Leases;

/// <summary>The local store's lease: an exclusive OS file lock in the store folder, dropped by the kernel if its holder dies.</summary>
public sealed class FolderLease(string lockPath, TimeSpan wait) : IStoreLease
{
    public IHeldLease Acquire() => FileLease.Acquire(lockPath, wait);
}
