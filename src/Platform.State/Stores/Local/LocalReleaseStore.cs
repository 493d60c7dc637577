using System.Globalization;
using Platform.Domain.Errors;
using Platform.State.Stores.Releases;

namespace Platform.State.Stores.Local;

/// <summary>
/// A release store in a folder (default <c>.platform/releases</c>): <c>&lt;root&gt;/&lt;tag&gt;/&lt;asset&gt;</c>.
/// IDs come from one counter in <c>.last-id</c>, so they increase across releases and assets as
/// GitHub's do. Every change happens under <c>.store.lock</c> (an exclusive OS file lock), files are
/// written beside their target and renamed into place, and an asset file is never modified in place,
/// so concurrent processes and readers see whole assets only.
/// </summary>
public sealed class LocalReleaseStore : IReleaseStore
{
    public const string DefaultFolder = ".platform/releases";

    private readonly LocalStoreMutex mutex;
    private readonly LocalGitRefs refs;

    public LocalReleaseStore(string root)
    {
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        mutex = new LocalStoreMutex(Root);
        refs = new LocalGitRefs(Root, mutex);
    }

    public string Root { get; }

    public string Name => "local";

    public string Location => Root;

    public bool FetchIsPublic() => false;

    /// <summary>Where <see cref="Leases.FolderLease"/> keeps the billing-state writer lease of this store.</summary>
    public string LeasePath => Path.Combine(Root, ".lease");

    public string RunLeasePath => Path.Combine(Root, ".orchestrator-lease");

    public StoreRelease? GetRelease(string tag)
    {
        var id = Folder(tag).ReadId();
        return id is null ? null : new StoreRelease(id.Value, tag);
    }

    public StoreRelease CreateRelease(string tag) => WithLock(() =>
    {
        var folder = Folder(tag);
        if (folder.ReadId() is not null)
        {
            throw PlatformException.Conflict($"release {tag} already exists in the local store {Root}");
        }
        Directory.CreateDirectory(folder.Path);
        folder.WriteIndex([]);
        var id = NextId();
        folder.WriteId(id);
        return new StoreRelease(id, tag);
    });

    public IReadOnlyList<StoreAsset> ListAssets(StoreRelease release)
    {
        var folder = Existing(release);
        return folder.ReadIndex().Select(e => ToAsset(folder, e)).ToList();
    }

    public StoreAsset? GetAsset(StoreRelease release, long assetId)
    {
        var folder = Existing(release);
        var entry = folder.ReadIndex().FirstOrDefault(e => e.Id == assetId);
        return entry is null ? null : ToAsset(folder, entry);
    }

    public void DownloadAsset(StoreRelease release, StoreAsset asset, string destinationPath)
    {
        var folder = Existing(release);
        var entry = folder.ReadIndex().FirstOrDefault(e => e.Id == asset.Id && e.Name == asset.Name)
            ?? throw PlatformException.StoreUnavailable($"asset {asset.Name} (id {asset.Id}) is no longer in release {release.Tag} of {Root}");
        // An asset file is only ever replaced by a rename, so the file opened here stays whole.
        using var source = new FileStream(folder.FileOf(entry), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
        AtomicFile.Write(destinationPath, source.CopyTo);
    }

    public StoreAsset UploadAsset(StoreRelease release, string name, string sourcePath, string? label = null)
    {
        StoreNames.Asset(name);
        var folder = Existing(release);
        // Copy outside the lock (assets can be large), then claim the name and rename into place under it.
        var staged = folder.PathOf($".upload-{Guid.NewGuid():N}");
        try
        {
            File.Copy(sourcePath, staged);
            return WithLock(() =>
            {
                var index = folder.Repair();
                if (index.Any(e => e.Name == name))
                {
                    throw AlreadyExists(release, name);
                }
                File.Move(staged, folder.PathOf(name), overwrite: true);
                var entry = new LocalAssetEntry(NextId(), name, label);
                folder.WriteIndex([.. index, entry]);
                return ToAsset(folder, entry);
            });
        }
        finally
        {
            File.Delete(staged);
        }
    }

    public StoreAsset RenameAsset(StoreRelease release, StoreAsset asset, string newName, string? label = null)
    {
        StoreNames.Asset(newName);
        var folder = Existing(release);
        return WithLock(() =>
        {
            var index = folder.Repair();
            var entry = index.FirstOrDefault(e => e.Id == asset.Id) ?? throw Missing(release, asset);
            if (index.Any(e => e.Name == newName && e.Id != asset.Id))
            {
                throw AlreadyExists(release, newName);
            }
            // The index write is the rename; the move after it is finished by the next Repair if a kill
            // comes in between.
            var renamed = entry with { Name = newName, Label = label ?? entry.Label, RenamedFrom = entry.Name };
            folder.WriteIndex(index.Select(e => e.Id == asset.Id ? renamed : e));
            return ToAsset(folder, folder.Repair(leftByAKill: false).First(e => e.Id == asset.Id));
        });
    }

    public void DeleteAsset(StoreRelease release, StoreAsset asset)
    {
        var folder = Existing(release);
        WithLock(() =>
        {
            var index = folder.Repair();
            var entry = index.FirstOrDefault(e => e.Id == asset.Id) ?? throw Missing(release, asset);
            // Index first: a crash in between leaves an unlisted file, which the next upload of the name replaces.
            folder.WriteIndex(index.Where(e => e.Id != asset.Id));
            File.Delete(folder.PathOf(entry.Name));
            return 0;
        });
    }

    public GitRef? GetRef(string name) => refs.Get(name);

    public bool TryCreateRef(string name, string sha) => refs.TryCreate(name, sha);

    public bool TryFastForwardRef(string name, string sha) => refs.TryFastForward(name, sha);

    public void DeleteRef(string name) => refs.Delete(name);

    public string CreateCommit(string message, string? parentSha, IReadOnlyDictionary<string, string>? files = null) =>
        refs.CreateCommit(message, parentSha, files);

    public GitCommit GetCommit(string sha) => refs.GetCommit(sha);

    public string ReadCommitFile(string commitSha, string path) => refs.ReadFile(commitSha, path);

    private LocalReleaseFolder Folder(string tag) => new(Root, StoreNames.Tag(tag));

    private LocalReleaseFolder Existing(StoreRelease release)
    {
        var folder = Folder(release.Tag);
        if (folder.ReadId() != release.Id)
        {
            throw PlatformException.StoreUnavailable($"release {release.Tag} (id {release.Id}) is not in the local store {Root}");
        }
        return folder;
    }

    private static StoreAsset ToAsset(LocalReleaseFolder folder, LocalAssetEntry entry)
    {
        var file = new FileInfo(folder.FileOf(entry));
        return new StoreAsset(entry.Id, entry.Name, file.Exists ? file.Length : 0, entry.Label,
            Created: file.Exists ? new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) : null);
    }

    /// <summary>The next ID of the store-wide counter; only called under the store lock.</summary>
    private long NextId()
    {
        var path = Path.Combine(Root, ".last-id");
        var last = File.Exists(path) ? long.Parse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        AtomicFile.WriteAllText(path, (last + 1).ToString(CultureInfo.InvariantCulture) + "\n");
        return last + 1;
    }

    private T WithLock<T>(Func<T> action) => mutex.Run(action);

    private PlatformException AlreadyExists(StoreRelease release, string name) =>
        PlatformException.Conflict($"asset {name} already exists in release {release.Tag} of {Root}");

    private PlatformException Missing(StoreRelease release, StoreAsset asset) =>
        PlatformException.StoreUnavailable($"asset {asset.Name} (id {asset.Id}) is not in release {release.Tag} of {Root}");
}
