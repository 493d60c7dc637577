using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;

namespace Platform.State.Stores.Generations;

/// <summary>An immutable object of the store: a pack of table byte ranges, named by its sha256.</summary>
/// <param name="Level">Its size class: packs of one level are merged into one of the next (see <see cref="PackPlan"/>).</param>
public sealed record PackObject(string Name, string Sha256, long Bytes, int Level);

/// <summary>A pack the generation <paramref name="Generation"/> stopped naming (merged or replaced) at <paramref name="At"/>: kept for <c>state gc</c>'s window.</summary>
public sealed record RetiredObject(string Name, long Generation, string At);

/// <summary>A run of a table's bytes kept in a pack: <paramref name="Records"/> CSV records at <paramref name="Offset"/>.</summary>
public sealed record TablePart(string Pack, long Offset, long Bytes, long Records);

/// <summary>
/// One table of a generation: the v1 file's sha256, size and data rows, made of its parts (in order)
/// followed by <see cref="Tail"/>, the newest bytes not yet sealed in a pack, carried in the manifest.
/// </summary>
public sealed record TableEntry(string Sha256, long Bytes, long Rows, IReadOnlyList<TablePart> Parts, string Tail, long TailRecords)
{
    public long PartBytes => Parts.Sum(p => p.Bytes);
}

/// <summary>
/// The manifest of one generation of the state layout v2 (SPEC 8.1), kept as <c>manifest.json</c> in
/// the tree of the commit that makes the generation current: per table its parts and tail, the pack
/// objects they live in, the previous generation and its commit, and what made this one.
/// </summary>
public sealed record GenerationManifest(
    long Generation,
    long? ParentGeneration,
    string? ParentCommit,
    string CreatedAt,
    string Command,
    IReadOnlyDictionary<string, long> RowsAdded,
    IReadOnlyList<PackObject> Objects,
    IReadOnlyDictionary<string, TableEntry> Tables)
{
    public const string Layout = "billing-state-v2";
    public const string FileName = "manifest.json";

    /// <summary>Audited events carried from generation to generation (restores), as in state_manifest.json.</summary>
    public IReadOnlyList<JsonObject> History { get; init; } = [];

    /// <summary>
    /// Packs earlier generations named and this one does not, carried while <c>state gc</c> must keep
    /// them (see <see cref="StateGc"/>): gc then needs only the current manifest, not every generation.
    /// </summary>
    public IReadOnlyList<RetiredObject> Retired { get; init; } = [];

    /// <summary>What made this generation from another than its parent (a restore of generation N), if anything.</summary>
    public long? RestoredFrom { get; init; }

    public PackObject? ObjectNamed(string name) => Objects.FirstOrDefault(o => o.Name == name);

    /// <summary>
    /// <see cref="Retired"/> of a successor that names <paramref name="objects"/>: what this generation
    /// named and the successor drops joins the list; entries leave once both gc windows passed them.
    /// </summary>
    public IReadOnlyList<RetiredObject> RetiredAfter(IReadOnlyList<PackObject> objects, long generation, DateTimeOffset now)
    {
        var kept = objects.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var at = Platform.Domain.Time.Timestamp.ToText(now);
        return Retired.Where(r => !StateGc.Expired(r, generation, now))
            .Concat(Objects.Where(o => !kept.Contains(o.Name)).Select(o => new RetiredObject(o.Name, generation, at)))
            .ToList();
    }

    public string ToJson()
    {
        var tables = new JsonObject();
        foreach (var (name, table) in Tables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            tables[name] = new JsonObject
            {
                ["sha256"] = table.Sha256,
                ["bytes"] = table.Bytes,
                ["rows"] = table.Rows,
                ["parts"] = new JsonArray(table.Parts.Select(p => (JsonNode)new JsonObject
                {
                    ["object"] = p.Pack,
                    ["offset"] = p.Offset,
                    ["bytes"] = p.Bytes,
                    ["records"] = p.Records,
                }).ToArray()),
                ["tail_records"] = table.TailRecords,
                ["tail"] = table.Tail,
            };
        }
        var root = new JsonObject
        {
            ["layout"] = Layout,
            ["generation"] = Generation,
            ["parent_generation"] = ParentGeneration,
            ["parent_commit"] = ParentCommit,
            ["created_at"] = CreatedAt,
            ["command"] = Command,
            ["rows_added"] = new JsonObject(RowsAdded.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => KeyValuePair.Create(r.Key, (JsonNode?)r.Value))),
            ["objects"] = new JsonArray(Objects.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Name,
                ["sha256"] = o.Sha256,
                ["bytes"] = o.Bytes,
                ["level"] = o.Level,
            }).ToArray()),
            ["tables"] = tables,
        };
        if (Retired.Count > 0)
        {
            root["retired"] = new JsonArray(Retired.Select(r => (JsonNode)new JsonObject { ["name"] = r.Name, ["generation"] = r.Generation, ["at"] = r.At }).ToArray());
        }
        if (RestoredFrom is { } restored)
        {
            root["restored_from"] = restored;
        }
        if (History.Count > 0)
        {
            root["history"] = new JsonArray(History.Select(e => e.DeepClone()).ToArray());
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>Reads a manifest; anything malformed is a store error naming <paramref name="where"/>.</summary>
    public static GenerationManifest Parse(string json, string where)
    {
        try
        {
            var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("not a JSON object");
            if (root["layout"]?.GetValue<string>() != Layout)
            {
                throw new FormatException($"layout is not {Layout}");
            }
            var objects = (root["objects"] as JsonArray ?? []).Select(o => new PackObject(
                Text(o, "name"), Text(o, "sha256"), Number(o, "bytes"), (int)Number(o, "level"))).ToList();
            var tables = new Dictionary<string, TableEntry>(StringComparer.Ordinal);
            foreach (var (name, node) in root["tables"] as JsonObject ?? throw new FormatException("no tables"))
            {
                var parts = (node?["parts"] as JsonArray ?? []).Select(p => new TablePart(
                    Text(p, "object"), Number(p, "offset"), Number(p, "bytes"), Number(p, "records"))).ToList();
                tables[name] = new TableEntry(Text(node, "sha256"), Number(node, "bytes"), Number(node, "rows"), parts,
                    Text(node, "tail"), Number(node, "tail_records"));
            }
            var rowsAdded = (root["rows_added"] as JsonObject ?? []).ToDictionary(r => r.Key, r => r.Value?.GetValue<long>() ?? 0, StringComparer.Ordinal);
            return new GenerationManifest(
                Number(root, "generation"),
                root["parent_generation"]?.GetValue<long>(),
                root["parent_commit"]?.GetValue<string>(),
                Text(root, "created_at"),
                root["command"]?.GetValue<string>() ?? "",
                rowsAdded, objects, tables)
            {
                History = (root["history"] as JsonArray ?? []).OfType<JsonObject>().Select(e => (JsonObject)e.DeepClone()).ToList(),
                RestoredFrom = root["restored_from"]?.GetValue<long>(),
                Retired = (root["retired"] as JsonArray ?? []).Select(r => new RetiredObject(Text(r, "name"), Number(r, "generation"), Text(r, "at"))).ToList(),
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw PlatformException.StoreUnavailable($"{where} is not a readable generation manifest: {e.Message}");
        }
    }

    private static string Text(JsonNode? node, string name) =>
        node?[name]?.GetValue<string>() ?? throw new FormatException($"'{name}' is missing");

    private static long Number(JsonNode? node, string name) =>
        node?[name]?.GetValue<long>() ?? throw new FormatException($"'{name}' is missing");
}
