namespace Platform.State.Stores.Local;

/// <summary>One line of a local release's asset index: the ID the store gave the asset, its name and label.</summary>
public sealed record LocalAssetEntry(long Id, string Name, string? Label);
