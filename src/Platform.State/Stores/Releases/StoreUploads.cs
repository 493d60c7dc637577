using Platform.Domain.Errors;

namespace Platform.State.Stores.Releases;

/// <summary>
/// Uploads that survive a store breaking them off (SPEC 8.5). GitHub may leave a broken upload as a
/// <c>starter</c> asset, or store the bytes and lose its answer; a blind retry then fails on the
/// taken name forever. So an upload looks first: a complete asset of that name and size whose bytes
/// <paramref name="sameBytes"/> accepts is reused, anything else under the name is deleted, and
/// after a failure it looks again before trying once more.
/// </summary>
public static class StoreUploads
{
    public const int Attempts = 4;

    /// <param name="listed">The release's assets when the caller has just listed them (saves one request).</param>
    /// <param name="sameBytes">
    /// Whether an existing complete asset of the right size holds these bytes; null when the name says
    /// so already (content-addressed names).
    /// </param>
    public static StoreAsset Ensure(IReleaseStore store, StoreRelease release, string name, string sourcePath,
        IReadOnlyList<StoreAsset>? listed = null, Func<StoreAsset, bool>? sameBytes = null, string? label = null)
    {
        var size = new FileInfo(sourcePath).Length;
        for (var attempt = 1; ; attempt++)
        {
            var existing = (listed ?? store.ListAssets(release)).FirstOrDefault(a => a.Name == name);
            listed = null;
            if (existing is not null)
            {
                if (existing.Complete && existing.Size == size && (sameBytes?.Invoke(existing) ?? true))
                {
                    return existing;
                }
                store.DeleteAsset(release, existing);
            }
            try
            {
                return store.UploadAsset(release, name, sourcePath, label);
            }
            catch (PlatformException e) when (attempt < Attempts && e.ExitCode is ExitCode.StoreUnavailable or ExitCode.StateConflict)
            {
                // Broken off, or the name was taken by a lost answer: look again before trying once more.
            }
        }
    }
}
