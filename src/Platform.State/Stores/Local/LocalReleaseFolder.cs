using System.Globalization;
using System.Text.Json;
using Platform.Domain.Errors;

namespace Platform.State.Stores.Local;

/// <summary>
/// One release of the local store: <c>&lt;root&gt;/&lt;tag&gt;/</c> holds the asset files, <c>.release</c>
/// (the release ID, written last, so a half-created release does not exist) and <c>.assets</c>
/// (the asset index, always replaced whole). Every change of a release has one commit point, the
/// index write; what a kill leaves around it (an unlisted file, a rename not yet moved on disk, a
/// temporary index) is finished or cleared by <see cref="Repair"/>, which every locked operation runs first.
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

    /// <summary>Where an asset's bytes are: under its name, or under its old name while its rename is not yet moved.</summary>
    public string FileOf(LocalAssetEntry entry) =>
        entry.RenamedFrom is { } old && File.Exists(PathOf(old)) ? PathOf(old) : PathOf(entry.Name);

    /// <summary>
    /// Finishes what a killed operation left (call under the store lock): renames whose move did not
    /// happen are moved, and temporary index files are deleted. Returns the index as it now stands.
    /// </summary>
    /// <param name="leftByAKill">False when finishing this process's own rename: nothing to report then.</param>
    public List<LocalAssetEntry> Repair(bool leftByAKill = true)
    {
        var index = ReadIndex();
        if (index.Any(e => e.RenamedFrom is not null))
        {
            foreach (var entry in index.Where(e => e.RenamedFrom is not null))
            {
                if (File.Exists(PathOf(entry.RenamedFrom!)))
                {
                    File.Move(PathOf(entry.RenamedFrom!), PathOf(entry.Name), overwrite: true);
                    // A log line on stderr, as every command's logs: the store has no other channel.
                    if (leftByAKill)
                    {
                        Console.Error.WriteLine($"local store: finished renaming {entry.RenamedFrom} to {entry.Name} in {Path}, left unfinished by a writer that was killed");
                    }
                }
            }
            index = index.Select(e => e with { RenamedFrom = null }).ToList();
            WriteIndex(index);
        }
        if (Directory.Exists(Path))
        {
            foreach (var temp in Directory.EnumerateFiles(Path, $".{IndexFile}.*.tmp"))
            {
                File.Delete(temp);
                Console.Error.WriteLine($"local store: deleted {System.IO.Path.GetFileName(temp)} in {Path}, a half-written index a killed writer left");
            }
        }
        return index;
    }

    public void WriteIndex(IEnumerable<LocalAssetEntry> entries) =>
        AtomicFile.WriteAllText(PathOf(IndexFile), JsonSerializer.Serialize(entries.OrderBy(e => e.Id).ToList()) + "\n");
}
