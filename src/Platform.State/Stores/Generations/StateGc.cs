using Platform.Domain.Time;
using Platform.State.Stores.Releases;

namespace Platform.State.Stores.Generations;

/// <param name="Name">The asset.</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Why">Why it may go: retired by generation N, or never named by any generation.</param>
public sealed record GcCandidate(string Name, long Bytes, string Why);

/// <summary>
/// <c>platform state gc [--keep N] [--delete]</c> (SPEC 8.4): the objects of release
/// <c>billing-state-v1</c> that neither the newest N generations nor any generation of the last
/// <see cref="Window"/> name. The current manifest carries the packs earlier generations dropped
/// (<see cref="GenerationManifest.Retired"/>), so gc reads one manifest, not the history. A pack no
/// generation ever named (a writer lost the commit step or died before it) goes only once it is older
/// than <see cref="Grace"/>: a younger one may belong to a writer about to commit.
/// </summary>
public static class StateGc
{
    public const int DefaultKeep = 50;

    /// <summary>Writers carry retired packs for this many generations (and the window), so --keep may not exceed it.</summary>
    public const int MaxKeep = 200;

    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public static readonly TimeSpan Grace = TimeSpan.FromHours(1);

    /// <summary>True once a retired pack is outside both windows writers keep it for.</summary>
    public static bool Expired(RetiredObject retired, long generation, DateTimeOffset now) =>
        generation - retired.Generation >= MaxKeep && Timestamp.TryParse(retired.At, out var at) && now - at > Window;

    public static IReadOnlyList<GcCandidate> Candidates(GenerationManifest head, IReadOnlyList<StoreAsset> assets, int keep, DateTimeOffset now)
    {
        var live = head.Objects.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var retired = head.Retired.GroupBy(r => r.Name).ToDictionary(g => g.Key, g => g.Max(r => r.Generation), StringComparer.Ordinal);
        var retiredAt = head.Retired.ToDictionary(r => r.Name, r => r.At, StringComparer.Ordinal);
        var candidates = new List<GcCandidate>();
        foreach (var asset in assets)
        {
            if (live.Contains(asset.Name))
            {
                continue;
            }
            if (SwapNames.IsTemporary(asset.Name))
            {
                candidates.Add(new GcCandidate(asset.Name, asset.Size, "left by a publish of the v1 layout"));
                continue;
            }
            if (Tables.BillingTables.Find(asset.Name) is not null)
            {
                // A plain v1 table of an adopted store: its manifest was renamed at adoption.
                if (asset.Created is { } adopted && now - adopted > Window)
                {
                    candidates.Add(new GcCandidate(asset.Name, asset.Size, "a v1 table an adoption read (its manifest is now legacy-v1.state_manifest.json)"));
                }
                continue;
            }
            if (!asset.Name.StartsWith("pack.", StringComparison.Ordinal))
            {
                continue;
            }
            if (retired.TryGetValue(asset.Name, out var droppedBy))
            {
                // Generation droppedBy - 1 was the last to name it.
                var inNewest = droppedBy - 1 > head.Generation - keep;
                var inWindow = Timestamp.TryParse(retiredAt[asset.Name], out var at) && now - at <= Window;
                if (!inNewest && !inWindow)
                {
                    candidates.Add(new GcCandidate(asset.Name, asset.Size, $"last named by generation {droppedBy - 1}"));
                }
                continue;
            }
            if (asset.Created is { } created && now - created > Grace)
            {
                candidates.Add(new GcCandidate(asset.Name, asset.Size, "named by no generation (a writer lost the commit step or died before it)"));
            }
        }
        return candidates;
    }
}
