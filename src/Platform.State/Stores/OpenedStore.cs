using Platform.State.Stores.Releases;

namespace Platform.State.Stores;

/// <summary>
/// The store a command works with: its kind (none, local, github), the release store behind it
/// (null for none; artifacts and caches use it), and the billing-state backend over it.
/// </summary>
public sealed class OpenedStore(string kind, IReleaseStore? releases, IStateBackend backend) : IDisposable
{
    public string Kind => kind;

    public IReleaseStore? Releases => releases;

    public IStateBackend Backend => backend;

    public void Dispose() => (releases as IDisposable)?.Dispose();
}
