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
/// Publishing the same release ID again reuses the release and uploads only what is missing, so a
/// settlement retried after a crash never duplicates assets.
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
        var existing = store.ListAssets(release).ToDictionary(a => a.Name);
        var manifest = new JsonArray();
        var uploaded = new List<StoreAsset>();
        for (var i = 0; i < files.Count; i++)
        {
            var path = Path.Combine(outputsDir, files[i]);
            var (hash, size) = HashOf(outputsDir, files[i]);
            manifest.Add(new JsonObject { ["name"] = names[i], ["sha256"] = hash, ["size_bytes"] = size });
            uploaded.Add(existing.GetValueOrDefault(names[i]) ?? store.UploadAsset(release, names[i], path));
        }
        var manifestPath = Path.Combine(Path.GetTempPath(), $"platform-artifacts-{Guid.NewGuid():N}.json");
        try
        {
            AtomicFile.WriteAllText(manifestPath, new JsonObject { ["release_id"] = releaseId.Value, ["files"] = manifest }
                .ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            uploaded.Add(existing.GetValueOrDefault(ManifestName) ?? store.UploadAsset(release, ManifestName, manifestPath));
        }
        finally
        {
            File.Delete(manifestPath);
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

    /// <summary>Read without blocking and only if still a regular file: a module's output is not to be trusted twice.</summary>
    private static (string Hash, long Size) HashOf(string outputsDir, string file)
    {
        using var stream = RegularFile.OpenRead(outputsDir, file, RegularFile.Links.Beneath, out var problem)
            ?? throw new PlatformException($"output {file} in {outputsDir} {problem}");
        return (Convert.ToHexStringLower(SHA256.HashData(stream)), stream.Length);
    }
}
