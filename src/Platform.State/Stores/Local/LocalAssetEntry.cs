namespace Platform.State.Stores.Local;

/// <summary>One line of a local release's asset index: the ID the store gave the asset, its name and label.</summary>
/// <param name="RenamedFrom">
/// Set while a rename is under way: the index names the asset by its new name from the moment it is
/// written (the rename's one commit point), and its file may still sit under this old name until the
/// next locked operation of the release finishes the move (<see cref="LocalReleaseFolder.Repair"/>).
/// </param>
public sealed record LocalAssetEntry(
    long Id,
    string Name,
    string? Label,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? RenamedFrom = null);
