using Platform.Domain.Errors;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;

namespace Platform.Orchestration.Tests.Artifacts;

/// <summary>How the next upload goes wrong, as GitHub's do (SPEC 8.5).</summary>
internal enum UploadBreak
{
    /// <summary>The upload works.</summary>
    None,

    /// <summary>Broken off: a <c>starter</c> asset with the name and no bytes stays, and the caller gets an error.</summary>
    Starter,

    /// <summary>The bytes are stored, then the answer is lost: the caller gets an error.</summary>
    LostAnswer,

    /// <summary>Refused: nothing stored, an error.</summary>
    Refused,
}

/// <summary>
/// A local store whose uploads break as scripted (<see cref="Breaks"/>, then <see cref="Otherwise"/>),
/// and whose deletes can be refused; it counts the uploads and deletes it was asked for.
/// </summary>
internal sealed class FlakyReleaseStore(string root) : IReleaseStore
{
    private readonly LocalReleaseStore inner = new(root);
    private readonly HashSet<long> starters = [];

    public Queue<UploadBreak> Breaks { get; } = new();

    public UploadBreak Otherwise { get; set; } = UploadBreak.None;

    public bool RefuseDeletes { get; set; }

    public int Uploads { get; private set; }

    public int Deletes { get; private set; }

    public LocalReleaseStore Inner => inner;

    public string Name => inner.Name;

    public string Location => inner.Location;

    public bool FetchIsPublic() => false;

    public StoreRelease? GetRelease(string tag) => inner.GetRelease(tag);

    public StoreRelease CreateRelease(string tag) => inner.CreateRelease(tag);

    public IReadOnlyList<StoreAsset> ListAssets(StoreRelease release) => inner.ListAssets(release).Select(Reported).ToList();

    public StoreAsset? GetAsset(StoreRelease release, long assetId) => inner.GetAsset(release, assetId) is { } asset ? Reported(asset) : null;

    public void DownloadAsset(StoreRelease release, StoreAsset asset, string destinationPath) => inner.DownloadAsset(release, asset, destinationPath);

    public StoreAsset UploadAsset(StoreRelease release, string name, string sourcePath, string? label = null)
    {
        Uploads++;
        switch (Breaks.TryDequeue(out var next) ? next : Otherwise)
        {
            case UploadBreak.Starter:
                var empty = Path.Combine(Path.GetTempPath(), $"platform-starter-{Guid.NewGuid():N}");
                File.WriteAllBytes(empty, []);
                try
                {
                    starters.Add(inner.UploadAsset(release, name, empty, label).Id);
                }
                finally
                {
                    File.Delete(empty);
                }
                throw PlatformException.StoreUnavailable($"upload of {name} broken off");
            case UploadBreak.LostAnswer:
                inner.UploadAsset(release, name, sourcePath, label);
                throw PlatformException.StoreUnavailable($"upload of {name}: no answer");
            case UploadBreak.Refused:
                throw PlatformException.StoreUnavailable($"upload of {name} refused");
            default:
                return inner.UploadAsset(release, name, sourcePath, label);
        }
    }

    public StoreAsset RenameAsset(StoreRelease release, StoreAsset asset, string newName, string? label = null) =>
        Reported(inner.RenameAsset(release, asset, newName, label));

    public void DeleteAsset(StoreRelease release, StoreAsset asset)
    {
        Deletes++;
        if (RefuseDeletes)
        {
            throw PlatformException.StoreUnavailable($"delete of {asset.Name} refused");
        }
        inner.DeleteAsset(release, asset);
        starters.Remove(asset.Id);
    }

    public GitRef? GetRef(string name) => inner.GetRef(name);

    public bool TryCreateRef(string name, string sha) => inner.TryCreateRef(name, sha);

    public bool TryFastForwardRef(string name, string sha) => inner.TryFastForwardRef(name, sha);

    public void DeleteRef(string name) => inner.DeleteRef(name);

    public string CreateCommit(string message, string? parentSha, IReadOnlyDictionary<string, string>? files = null) =>
        inner.CreateCommit(message, parentSha, files);

    public GitCommit GetCommit(string sha) => inner.GetCommit(sha);

    public string ReadCommitFile(string commitSha, string path) => inner.ReadCommitFile(commitSha, path);

    /// <summary>An asset as GitHub reports a broken-off one: not complete.</summary>
    private StoreAsset Reported(StoreAsset asset) => starters.Contains(asset.Id) ? asset with { Complete = false } : asset;
}
