namespace Platform.State.Stores.Releases;

/// <summary>An asset as its store reports it: the store's numeric ID, its name, size and optional label.</summary>
public sealed record StoreAsset(long Id, string Name, long Size, string? Label = null);
