using Platform.Domain.Errors;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.Releases;

/// <summary>
/// What every release store must do, run against each backend. Each test follows one recorded
/// GitHub scenario request for request, so the GitHub store is checked against real GitHub answers;
/// a backend arranges, through <see cref="StoreFor"/>, the state the recording started from.
/// </summary>
public abstract class ReleaseStoreContract : IDisposable
{
    protected TempFolder Temp { get; } = new();

    /// <summary>A store holding what the scenario's recording found in place before its first request.</summary>
    protected abstract IReleaseStore StoreFor(string scenario);

    /// <summary>Two commits, the second a descendant of the first, as the git-refs recording used them.</summary>
    protected abstract (string First, string Second) CommitsFor(IReleaseStore store);

    [Fact]
    public void Uploaded_asset_is_listed_read_renamed_and_deleted()
    {
        var store = StoreFor("release-assets");
        var release = store.GetRelease("v1.0.0");
        Assert.NotNull(release);
        var file = Temp.Write("test-upload.txt", "Hello, world!\n");

        var uploaded = store.UploadAsset(release, "test-upload.txt", file, "test");
        Assert.Equal(("test-upload.txt", 14L, "test"), (uploaded.Name, uploaded.Size, uploaded.Label));

        var listed = Assert.Single(store.ListAssets(release));
        Assert.Equal((uploaded.Id, "test-upload.txt"), (listed.Id, listed.Name));

        var read = store.GetAsset(release, uploaded.Id);
        Assert.Equal("test-upload.txt", read?.Name);

        var renamed = store.RenameAsset(release, uploaded, "new-filename.txt", "new label");
        Assert.Equal((uploaded.Id, "new-filename.txt", "new label"), (renamed.Id, renamed.Name, renamed.Label));

        store.DeleteAsset(release, renamed);
    }

    [Fact]
    public void Upload_onto_a_taken_name_is_a_conflict_until_the_old_asset_is_deleted()
    {
        var store = StoreFor("release-assets-conflict");
        var release = store.GetRelease("v1.0.0")!;
        var file = Temp.Write("test-upload.txt", "Hello, world!\n");

        var refused = Assert.Throws<PlatformException>(() => store.UploadAsset(release, "test-upload.txt", file, "test"));
        Assert.Equal(ExitCode.StateConflict, refused.ExitCode);

        var old = Assert.Single(store.ListAssets(release));
        store.DeleteAsset(release, old);
        var replacement = store.UploadAsset(release, "test-upload.txt", file, "test");

        Assert.True(replacement.Id > old.Id, "a new asset gets a higher ID than any before it");
    }

    [Fact]
    public void Ref_is_created_once_moved_along_history_read_and_deleted()
    {
        var store = StoreFor("git-refs");
        var (first, second) = CommitsFor(store);

        Assert.Null(store.GetRef("refs/heads/test"));
        Assert.True(store.TryCreateRef("refs/heads/test", first));
        Assert.True(store.TryFastForwardRef("refs/heads/test", second));
        Assert.Equal(second, store.GetRef("refs/heads/test")?.Sha);
        store.DeleteRef("refs/heads/test");
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Temp.Dispose();
        }
    }
}
