namespace Platform.State.Stores.Releases;

/// <summary>
/// An asset as its store reports it: the store's numeric ID, its name, size and optional label.
/// <see cref="Complete"/> is false for an upload GitHub broke off (its <c>state</c> is <c>starter</c>):
/// such an asset has a name but not its bytes, and is deleted before the name is used again.
/// <see cref="Created"/> is when the store received it, when the store says.
/// </summary>
public sealed record StoreAsset(long Id, string Name, long Size, string? Label = null, bool Complete = true, DateTimeOffset? Created = null);
