namespace Platform.State.Stores.Generations;

/// <summary>
/// The names the v1 layout's publish passed an asset through (read to finish what a writer of that layout left):
/// the new bytes are uploaded as <c>pending.&lt;name&gt;</c>, the old asset steps aside as
/// <c>previous.&lt;name&gt;</c>, then the pending one takes the name. The bytes the published
/// manifest describes are under one of these names at every moment.
/// </summary>
public static class SwapNames
{
    public const string PendingPrefix = "pending.";
    public const string PreviousPrefix = "previous.";

    public static string Pending(string name) => PendingPrefix + name;

    public static string Previous(string name) => PreviousPrefix + name;

    public static bool IsTemporary(string name) =>
        name.StartsWith(PendingPrefix, StringComparison.Ordinal) || name.StartsWith(PreviousPrefix, StringComparison.Ordinal);
}
