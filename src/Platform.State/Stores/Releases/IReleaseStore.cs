namespace Platform.State.Stores.Releases;

/// <summary>
/// A store of releases by tag, each holding named assets with numeric IDs the store hands out
/// (GitHub Releases, or a local folder laid out the same way). Asset names are unique within a
/// release: an upload or rename onto a taken name is refused, never an overwrite, so callers
/// replace an asset by uploading under another name and swapping.
/// The git-ref members are what a lease on a shared store needs: a ref whose creation is atomic,
/// and a fast-forward-only update that acts as compare-and-swap.
/// </summary>
public interface IReleaseStore
{
    /// <summary>The store's name as the CLI spells it (local, github).</summary>
    string Name { get; }

    /// <summary>Where the store is, for messages: a folder, or a GitHub owner/repository.</summary>
    string Location { get; }

    /// <summary>
    /// True when anyone may read the store; billing state must not go there unless allowed. For a
    /// GitHub store this asks GitHub (one request, remembered afterwards).
    /// </summary>
    bool FetchIsPublic();

    /// <summary>The release with this tag, or null when there is none.</summary>
    StoreRelease? GetRelease(string tag);

    StoreRelease CreateRelease(string tag);

    /// <summary>All assets of the release, in increasing ID order.</summary>
    IReadOnlyList<StoreAsset> ListAssets(StoreRelease release);

    /// <summary>One asset's metadata, or null when the release holds no asset with this ID.</summary>
    StoreAsset? GetAsset(StoreRelease release, long assetId);

    /// <summary>Writes the asset's bytes to <paramref name="destinationPath"/> (replacing it whole).</summary>
    void DownloadAsset(StoreRelease release, StoreAsset asset, string destinationPath);

    /// <summary>Adds an asset with a new ID; a name already in the release is a conflict.</summary>
    StoreAsset UploadAsset(StoreRelease release, string name, string sourcePath, string? label = null);

    /// <summary>Renames an asset, keeping its ID and bytes; a name already in the release is a conflict.</summary>
    StoreAsset RenameAsset(StoreRelease release, StoreAsset asset, string newName, string? label = null);

    void DeleteAsset(StoreRelease release, StoreAsset asset);

    /// <summary>The ref (e.g. <c>refs/heads/platform-lease</c>), or null when it does not exist.</summary>
    GitRef? GetRef(string name);

    /// <summary>Creates the ref pointing at <paramref name="sha"/>; false when it already exists.</summary>
    bool TryCreateRef(string name, string sha);

    /// <summary>
    /// Moves the ref to <paramref name="sha"/> only if that commit descends from the ref's current one;
    /// false when the ref is gone or moved elsewhere meanwhile.
    /// </summary>
    bool TryFastForwardRef(string name, string sha);

    void DeleteRef(string name);

    /// <summary>
    /// Creates a commit (parentless or on <paramref name="parentSha"/>) with <paramref name="message"/>;
    /// its tree holds <paramref name="files"/> (path to text), or, when none are given, one file
    /// <c>LEASE</c> holding the message.
    /// </summary>
    string CreateCommit(string message, string? parentSha, IReadOnlyDictionary<string, string>? files = null);

    /// <summary>A commit's message and first parent.</summary>
    GitCommit GetCommit(string sha);

    /// <summary>The text of a file in a commit's tree; a store error when the commit or the file is missing.</summary>
    string ReadCommitFile(string commitSha, string path);
}
