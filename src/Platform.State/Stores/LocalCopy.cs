using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Stores;

/// <summary>
/// What the local billing-state folder holds, asked before anything is bootstrapped: the templates
/// may start a state only where neither the store nor the local folder holds one (SPEC §8.3).
/// </summary>
public static class LocalCopy
{
    /// <summary>The state CSVs present in the folder.</summary>
    public static IReadOnlyList<string> StateFiles(StateDirectory directory) =>
        BillingTables.All.Select(t => t.FileName).Where(directory.Exists).ToList();

    /// <summary>
    /// Why the folder counts as holding billing state (its generation above 0, or the tables that
    /// differ from their templates), or null when it holds none worth keeping.
    /// </summary>
    public static string? HeldState(StateDirectory directory, BootstrapTemplates templates)
    {
        if (directory.Exists(BillingTables.ManifestFileName)
            && StateManifest.Read(directory.PathOf(BillingTables.ManifestFileName)).Generation is var generation and > 0)
        {
            return $"is at generation {generation}";
        }
        var data = BillingTables.All
            .Where(t => directory.Exists(t.FileName) && !File.ReadAllBytes(directory.PathOf(t.FileName)).AsSpan().SequenceEqual(templates.Read(t)))
            .Select(t => t.FileName)
            .ToList();
        return data.Count == 0 ? null : $"holds data in {string.Join(", ", data)}";
    }
}
