using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.Domain.Time;
using Platform.State.Stores.Releases;
using Platform.State.Tables;

namespace Platform.State.Stores.Generations;

/// <summary>One generation as <c>platform state history</c> shows it.</summary>
public sealed record GenerationSummary(long Generation, string CreatedAt, string Command, IReadOnlyDictionary<string, long> RowsAdded, long? RestoredFrom, string Commit);

/// <summary>What restoring a generation would change: per table, the rows the current generation has beyond it.</summary>
public sealed record RestorePlan(long Current, long Target, IReadOnlyDictionary<string, long> RowsDropped, IReadOnlyDictionary<string, bool> Differs);

/// <summary>
/// The store's generations (SPEC 8.4): each manifest names its parent's commit, so the history is
/// read newest first, one manifest per generation. A restore makes a new generation whose content is
/// an earlier one's, through the same commit step as any change.
/// </summary>
public sealed class StateHistory(ReleaseStoreBackend backend, TimeProvider clock)
{
    /// <summary>Generations never walked past in one command: a bound on requests, not on history.</summary>
    public const int MaxWalk = 10_000;

    public IReadOnlyList<GenerationSummary> List(int limit)
    {
        var list = new List<GenerationSummary>();
        foreach (var (commit, manifest) in Walk().Take(limit))
        {
            list.Add(new GenerationSummary(manifest.Generation, manifest.CreatedAt, manifest.Command, manifest.RowsAdded, manifest.RestoredFrom, commit));
        }
        return list;
    }

    public RestorePlan Plan(long generation)
    {
        var (head, target) = Find(generation);
        return PlanOf(head.Manifest, target.Manifest);
    }

    /// <summary>Makes generation <paramref name="generation"/>'s content current as a new generation; false when another writer moved first.</summary>
    public (RestorePlan Plan, long NewGeneration)? Restore(long generation)
    {
        var (head, target) = Find(generation);
        var missing = target.Manifest.Objects.Select(o => o.Name).Except(
            backend.Store.GetRelease(ReleaseStoreBackend.Tag) is { } release ? backend.Store.ListAssets(release).Where(a => a.Complete).Select(a => a.Name) : [],
            StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw PlatformException.StoreUnavailable($"generation {generation} cannot be restored: its objects {string.Join(", ", missing)} are no longer in release {ReleaseStoreBackend.Tag} (state gc deleted them)");
        }
        var plan = PlanOf(head.Manifest, target.Manifest);
        var now = clock.GetUtcNow();
        var next = head.Manifest.Generation + 1;
        var command = $"state restore --generation {generation}";
        var entry = new JsonObject
        {
            ["generation"] = next,
            ["at"] = Timestamp.ToText(now),
            ["command"] = command,
            ["store"] = backend.Name,
            ["restored_from"] = generation,
            ["replaced_generation"] = head.Manifest.Generation,
            ["rows_dropped"] = new JsonObject(plan.RowsDropped.Where(r => r.Value > 0).Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value))),
        };
        var manifest = target.Manifest with
        {
            Generation = next,
            ParentGeneration = head.Manifest.Generation,
            ParentCommit = head.Commit,
            CreatedAt = Timestamp.ToText(now),
            Command = command,
            RowsAdded = new Dictionary<string, long>(),
        };
        manifest = manifest with
        {
            RestoredFrom = generation,
            History = [.. head.Manifest.History, entry],
            Retired = head.Manifest.RetiredAfter(target.Manifest.Objects, next, now),
        };
        return backend.TryCommitManifest(head.Commit, manifest) ? (plan, next) : null;
    }

    private static RestorePlan PlanOf(GenerationManifest current, GenerationManifest target)
    {
        var dropped = new Dictionary<string, long>(StringComparer.Ordinal);
        var differs = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var table in BillingTables.All)
        {
            var now = current.Tables.GetValueOrDefault(table.FileName);
            var then = target.Tables.GetValueOrDefault(table.FileName);
            dropped[table.FileName] = Math.Max(0, (now?.Rows ?? 0) - (then?.Rows ?? 0));
            differs[table.FileName] = now?.Sha256 != then?.Sha256;
        }
        return new RestorePlan(current.Generation, target.Generation, dropped, differs);
    }

    private ((string Commit, GenerationManifest Manifest) Head, (string Commit, GenerationManifest Manifest) Target) Find(long generation)
    {
        (string, GenerationManifest)? head = null;
        foreach (var at in Walk())
        {
            head ??= at;
            if (at.Manifest.Generation == generation)
            {
                return (head.Value, at);
            }
            if (at.Manifest.Generation < generation)
            {
                break;
            }
        }
        throw PlatformException.BadInput(new Violation(null, null, "--generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            head is null ? "the store holds no generations in the v2 layout yet" : $"is not among the store's generations (current: {head.Value.Item2.Generation})"));
    }

    private IEnumerable<(string Commit, GenerationManifest Manifest)> Walk()
    {
        if (backend.ReadHead() is not var (commit, manifest))
        {
            yield break;
        }
        for (var step = 0; step < MaxWalk; step++)
        {
            yield return (commit, manifest);
            if (manifest.ParentCommit is not { } parent)
            {
                yield break;
            }
            commit = parent;
            manifest = backend.ReadManifest(parent);
        }
    }
}
