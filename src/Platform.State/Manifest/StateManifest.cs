using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.Domain.Time;
using Platform.State.Tables;

namespace Platform.State.Manifest;

public sealed record ManifestAsset(string Name, string Sha256);

/// <summary>
/// <c>state_manifest.json</c>: the sha256 of every asset and a generation that goes up by one per
/// publish. A manifest without <c>generation</c> (as the Python platform wrote them) counts as 0.
/// <see cref="History"/> records the audited events that made a generation other than by a change
/// (a restore); every later generation carries it forward, so the record stays with the state.
/// </summary>
public sealed record StateManifest(long Generation, string UpdatedAt, IReadOnlyList<ManifestAsset> Assets)
{
    public const string Version = "v1";

    public IReadOnlyList<JsonObject> History { get; init; } = [];

    public string? HashOf(string assetName) => Assets.FirstOrDefault(a => a.Name == assetName)?.Sha256;

    public static StateManifest Read(string path)
    {
        var file = BillingTables.ManifestFileName;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw PlatformException.BadInput(new Violation(file, null, null, null, $"is not valid JSON: {e.Message}"));
        }
        if (root is not JsonObject obj)
        {
            throw PlatformException.BadInput(new Violation(file, null, null, null, "is not a JSON object"));
        }
        var version = obj["billing_state_version"]?.GetValue<string>();
        if (version != Version)
        {
            throw PlatformException.BadInput(new Violation(file, null, "billing_state_version", version ?? "", $"must be {Version}"));
        }
        long generation = 0;
        if (obj["generation"] is JsonValue g && (!g.TryGetValue(out generation) || generation < 0))
        {
            throw PlatformException.BadInput(new Violation(file, null, "generation", g.ToJsonString(), "must be a whole number >= 0"));
        }
        var assets = new List<ManifestAsset>();
        foreach (var node in obj["assets"] as JsonArray ?? [])
        {
            var name = node?["name"]?.GetValue<string>() ?? "";
            var sha = node?["sha256"]?.GetValue<string>() ?? "";
            assets.Add(new ManifestAsset(name, sha));
        }
        var history = (obj["history"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (JsonObject)e.DeepClone()).ToList();
        return new StateManifest(generation, obj["updated_at"]?.GetValue<string>() ?? "", assets) { History = history };
    }

    public void Write(string path) => AtomicFile.WriteAllText(path, ToJson());

    public string ToJson()
    {
        var obj = new JsonObject
        {
            ["billing_state_version"] = Version,
            ["generation"] = Generation,
            ["updated_at"] = UpdatedAt,
            ["assets"] = new JsonArray(Assets.Select(a => (JsonNode)new JsonObject { ["name"] = a.Name, ["sha256"] = a.Sha256 }).ToArray()),
        };
        if (History.Count > 0)
        {
            obj["history"] = new JsonArray(History.Select(e => e.DeepClone()).ToArray());
        }
        return obj.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    public static StateManifest Next(StateManifest? previous, DateTimeOffset now, IReadOnlyList<ManifestAsset> assets) =>
        new((previous?.Generation ?? -1) + 1, Timestamp.ToText(now), assets) { History = previous?.History ?? [] };
}
