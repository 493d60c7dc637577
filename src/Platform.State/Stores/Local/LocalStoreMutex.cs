namespace Platform.State.Stores.Local;

/// <summary>
/// Serialises the local store's short changes across processes and threads: an exclusive OS file
/// lock on <c>&lt;root&gt;/.store.lock</c>, held for a few file operations at a time.
/// </summary>
internal sealed class LocalStoreMutex(string root)
{
    /// <summary>Long enough for any other process's few file operations, short enough to surface a stuck one.</summary>
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private readonly string lockPath = Path.Combine(root, ".store.lock");

    public T Run<T>(Func<T> action)
    {
        using var held = FileLease.Acquire(lockPath, Wait);
        return action();
    }
}
