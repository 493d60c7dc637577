using System.Globalization;
using System.Text.Json;
using Platform.Domain.Errors;

namespace Platform.State.Stores.Local;

/// <summary>
/// One release of the local store: <c>&lt;root&gt;/&lt;tag&gt;/</c> holds the asset files, <c>.release</c>
/// (the release ID, written last, so a half-created release does not exist) and <c>.assets</c>
/// (the asset index, always replaced whole).
/// </summary>
internal sealed class LocalReleaseFolder(string root, string tag)
{
    private const string ReleaseFile = ".release";
    private const string IndexFile = ".assets";

    public string Path { get; } = System.IO.Path.Combine(root, tag);

    public string PathOf(string asset) => System.IO.Path.Combine(Path, asset);

    public long? ReadId()
    {
        var file = PathOf(ReleaseFile);
        if (!File.Exists(file))
        {
            return null;
        }
        var text = File.ReadAllText(file).Trim();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw PlatformException.StoreUnavailable($"{file}: '{text}' is not a release ID; the local store is damaged");
    }

    public void WriteId(long id) =>
        AtomicFile.WriteAllText(PathOf(ReleaseFile), id.ToString(CultureInfo.InvariantCulture) + "\n");

    public List<LocalAssetEntry> ReadIndex()
    {
        var file = PathOf(IndexFile);
        if (!File.Exists(file))
        {
            return [];
        }
        try
        {
            return JsonSerializer.Deserialize<List<LocalAssetEntry>>(File.ReadAllText(file)) ?? [];
        }
        catch (JsonException e)
        {
            throw PlatformException.StoreUnavailable($"{file}: the local asset index is damaged: {e.Message}");
        }
    }

    public void WriteIndex(IEnumerable<LocalAssetEntry> entries) =>
        AtomicFile.WriteAllText(PathOf(IndexFile), JsonSerializer.Serialize(entries.OrderBy(e => e.Id).ToList()) + "\n");
}
