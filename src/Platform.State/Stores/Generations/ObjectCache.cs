using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.State.Stores.Releases;
using Platform.State.Transactions;

namespace Platform.State.Stores.Generations;

/// <summary>
/// The local object cache, <c>.objects/</c> in the billing-state folder. The v1 files themselves hold
/// the bytes of every object of the generation they were last synchronized with, which
/// <c>head.json</c> names (its commit and manifest), so a hydrate downloads only what came after it.
/// Packs are kept here only while a hydrate needs them: once the v1 files hold their bytes they go.
/// </summary>
public sealed class ObjectCache(StateDirectory directory)
{
    public const string FolderName = ".objects";

    private string Folder => Path.Combine(directory.Path, FolderName);

    private string HeadPath => Path.Combine(Folder, "head.json");

    /// <summary>The generation the local files were last synchronized with, or null when unknown.</summary>
    public (string Commit, GenerationManifest Manifest)? ReadHead()
    {
        if (!File.Exists(HeadPath))
        {
            return null;
        }
        try
        {
            var root = JsonNode.Parse(File.ReadAllText(HeadPath));
            var commit = root?["commit"]?.GetValue<string>();
            var manifest = root?["manifest"]?.GetValue<string>();
            return commit is null || manifest is null ? null : (commit, GenerationManifest.Parse(manifest, HeadPath));
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or PlatformException)
        {
            // A damaged cache only costs downloads: the next hydrate rebuilds without it.
            return null;
        }
    }

    public void WriteHead(string commit, GenerationManifest manifest) =>
        AtomicFile.WriteAllText(HeadPath, new JsonObject { ["commit"] = commit, ["manifest"] = manifest.ToJson() }.ToJsonString() + "\n");

    public string PathOf(string objectName) => Path.Combine(Folder, StoreNames.Asset(objectName));

    /// <summary>
    /// The pack's bytes on disk, downloaded when not held; a pack whose size or sha256 differs from what
    /// the manifest names is an error (exit 2) naming it, never used.
    /// </summary>
    /// <param name="assets">The release's assets, listed once for all the packs of a hydrate.</param>
    public string Fetch(IReleaseStore store, StoreRelease held, Func<IReadOnlyList<StoreAsset>> assets, PackObject pack)
    {
        var path = PathOf(pack.Name);
        if (File.Exists(path) && new FileInfo(path).Length == pack.Bytes && HashOf(path) == pack.Sha256)
        {
            return path;
        }
        var asset = assets().FirstOrDefault(a => a.Name == pack.Name && a.Complete)
            ?? throw PlatformException.BadInput(new Violation(pack.Name, null, null, null,
                $"is missing from release {held.Tag} of the {store.Name} store {store.Location}, though the current generation's manifest names it"));
        Directory.CreateDirectory(Folder);
        store.DownloadAsset(held, asset, path);
        var actual = HashOf(path);
        if (new FileInfo(path).Length != pack.Bytes || actual != pack.Sha256)
        {
            File.Delete(path);
            throw PlatformException.BadInput(new Violation(pack.Name, null, "sha256", actual,
                $"of the object in release {held.Tag} differs from its manifest's {pack.Sha256} ({pack.Bytes} bytes)"));
        }
        return path;
    }

    /// <summary>Deletes the held packs and pack files being built: the v1 files hold their bytes now.</summary>
    public void DropPacks()
    {
        if (!Directory.Exists(Folder))
        {
            return;
        }
        foreach (var file in Directory.EnumerateFiles(Folder).Where(f => Path.GetFileName(f) != "head.json"))
        {
            File.Delete(file);
        }
    }

    /// <summary>A fresh path for a pack being built (renamed to its hash-named path when done).</summary>
    public string NewBuildPath()
    {
        Directory.CreateDirectory(Folder);
        return Path.Combine(Folder, $"building-{Guid.NewGuid():N}");
    }

    public static string HashOf(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
