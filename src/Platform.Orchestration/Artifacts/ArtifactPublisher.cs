using Platform.Files.Files;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Domain.Time;
using Platform.State.Stores.Releases;
using Platform.State.Tables.Rows;

namespace Platform.Orchestration.Artifacts;

/// <summary>
/// Publishes a completed module's purchased artifacts as the release <c>r-&lt;release_id&gt;</c>: every
/// output file plus <c>manifest.json</c> (name, sha256, size_bytes of each). Only internal IDs appear
/// in the tag and asset names, so nobody can enumerate releases by the store's numeric IDs.
/// Publishing the same release ID again reuses the release and uploads only what is missing or wrong,
/// so a settlement retried after a crash never duplicates assets; every upload looks before it
/// repeats itself (<see cref="StoreUploads"/>, SPEC 8.5), so a broken-off upload or a lost answer
/// leaves neither a starter asset nor bytes other than the manifest's.
/// </summary>
public sealed class ArtifactPublisher(IReleaseStore store, TimeProvider clock)
{
    public const string ManifestName = "manifest.json";

    /// <summary>The flattened asset name of an output file: nested folders joined with "--".</summary>
    public static string AssetNameOf(string relativePath) =>
        StoreNames.Asset(relativePath.Replace('\\', '/').Replace("/", "--", StringComparison.Ordinal));

    /// <param name="files">Output files, relative to <paramref name="outputsDir"/> (already checked to stay inside it).</param>
    /// <param name="isIdTaken">True for a release or asset ID already used in either map.</param>
    public PublishedArtifacts Publish(ReleaseAssetId releaseId, TenantId tenant, WorkOrderId? workOrder,
        string outputsDir, IReadOnlyList<string> files, Func<string, bool> isIdTaken)
    {
        var names = files.Select(AssetNameOf).ToList();
        var clash = names.GroupBy(n => n).FirstOrDefault(g => g.Count() > 1 || g.Key == ManifestName);
        if (clash is not null)
        {
            throw PlatformException.BadInput(new Violation(outputsDir, null, "files", clash.Key,
                $"two outputs share this asset name, or one is named {ManifestName}: the release could not tell them apart"));
        }
        var tag = "r-" + releaseId.Value;
        var now = Timestamp.ToText(clock.GetUtcNow());
        var release = store.GetRelease(tag) ?? store.CreateRelease(tag);
        var listed = WithoutStrays(release, [.. names, ManifestName]);
        var manifest = new JsonArray();
        var uploaded = new List<StoreAsset>();
        var staged = Path.Combine(Path.GetTempPath(), $"platform-artifacts-{Guid.NewGuid():N}");
        try
        {
            for (var i = 0; i < files.Count; i++)
            {
                var (hash, size) = Stage(outputsDir, files[i], staged);
                manifest.Add(new JsonObject { ["name"] = names[i], ["sha256"] = hash, ["size_bytes"] = size });
                uploaded.Add(Ensure(release, names[i], staged, hash, listed));
            }
            AtomicFile.WriteAllText(staged, new JsonObject { ["release_id"] = releaseId.Value, ["files"] = manifest }
                .ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            uploaded.Add(Ensure(release, ManifestName, staged, Sha256Of(staged), listed));
        }
        finally
        {
            File.Delete(staged);
        }
        var ids = IdGenerator.NewValues(IdKind.ReleaseAsset, uploaded.Count, v => v == releaseId.Value || isIdTaken(v));
        var assetRows = uploaded.Select((a, i) =>
            new AssetMapRow(ids[i], a.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), releaseId.Value, a.Name, now).Fields()).ToList();
        var releaseRow = new ReleaseMapRow(releaseId.Value, release.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), tag,
            tenant.Value, workOrder?.Value ?? "", now).Fields();
        return new PublishedArtifacts(tag, releaseRow, assetRows);
    }

    /// <summary>
    /// Deletes the assets of the release <c>r-&lt;release_id&gt;</c>, if it exists: for an attempt that
    /// published artifacts and then was never settled (abandoned, or its module failed when resumed),
    /// so no tenant's files stay in the store with no map row pointing at them. The emptied release
    /// itself stays (the store interface has no release deletion). Best effort: returns how many
    /// assets went, or null when the store refused or could not be reached (the release then stays,
    /// as it would have anyway).
    /// </summary>
    public int? Withdraw(ReleaseAssetId releaseId)
    {
        try
        {
            var release = store.GetRelease("r-" + releaseId.Value);
            if (release is null)
            {
                return 0;
            }
            var assets = store.ListAssets(release);
            foreach (var asset in assets)
            {
                store.DeleteAsset(release, asset);
            }
            return assets.Count;
        }
        catch (PlatformException)
        {
            return null;
        }
    }

    /// <summary>
    /// Uploads the staged bytes under the name unless the release holds them there already (an earlier
    /// attempt, or an upload whose answer was lost). A same-name asset is reused only when its bytes
    /// hash to what the manifest names: it is downloaded and hashed, which only a retry pays for. A
    /// broken-off (<c>starter</c>) or different asset is replaced.
    /// </summary>
    private StoreAsset Ensure(StoreRelease release, string name, string stagedPath, string sha256, IReadOnlyList<StoreAsset> listed) =>
        StoreUploads.Ensure(store, release, name, stagedPath, listed, asset => Holds(release, asset, sha256));

    private bool Holds(StoreRelease release, StoreAsset asset, string sha256)
    {
        var downloaded = Path.Combine(Path.GetTempPath(), $"platform-artifacts-{Guid.NewGuid():N}");
        try
        {
            store.DownloadAsset(release, asset, downloaded);
            return Sha256Of(downloaded) == sha256;
        }
        finally
        {
            File.Delete(downloaded);
        }
    }

    /// <summary>
    /// The release's assets, once those under names this publication does not use (left by an earlier
    /// attempt with other outputs) are deleted: a sold release holds exactly what its manifest names.
    /// </summary>
    private List<StoreAsset> WithoutStrays(StoreRelease release, IReadOnlyCollection<string> names)
    {
        var listed = store.ListAssets(release).ToList();
        foreach (var stray in listed.Where(a => !names.Contains(a.Name)).ToList())
        {
            store.DeleteAsset(release, stray);
            listed.Remove(stray);
        }
        return listed;
    }

    /// <summary>
    /// Copies an output to <paramref name="stagedPath"/> (readable by this user only), hashing what it
    /// copies: the bytes uploaded are the bytes the manifest names, whatever happens to the output
    /// afterwards. Read without blocking and only if still a regular file: a module's output is not to
    /// be trusted twice.
    /// </summary>
    private static (string Hash, long Size) Stage(string outputsDir, string file, string stagedPath)
    {
        using var source = RegularFile.OpenRead(outputsDir, file, RegularFile.Links.Beneath, out var problem)
            ?? throw new PlatformException($"output {file} in {outputsDir} {problem}");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var target = new FileStream(stagedPath, options);
        var buffer = new byte[81920];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            target.Write(buffer, 0, read);
        }
        return (Convert.ToHexStringLower(hash.GetHashAndReset()), target.Length);
    }

    private static string Sha256Of(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
