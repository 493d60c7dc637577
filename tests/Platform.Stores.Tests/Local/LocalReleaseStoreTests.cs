using Platform.Domain.Errors;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;
using Platform.Stores.Tests.Releases;

namespace Platform.Stores.Tests.Local;

/// <summary>The release-store contract on the local folder store, plus what only a local folder can show.</summary>
public sealed class LocalReleaseStoreTests : ReleaseStoreContract
{
    private LocalReleaseStore NewStore() => new(Temp.Combine("store"));

    protected override IReleaseStore StoreFor(string scenario)
    {
        var store = NewStore();
        if (scenario.StartsWith("release-assets", StringComparison.Ordinal))
        {
            var release = store.CreateRelease("v1.0.0");
            if (scenario == "release-assets-conflict")
            {
                store.UploadAsset(release, "test-upload.txt", Temp.Write("earlier.txt", "Hello, world!\n"), "test");
            }
        }
        return store;
    }

    protected override (string First, string Second) CommitsFor(IReleaseStore store)
    {
        var first = store.CreateCommit("first", null);
        return (first, store.CreateCommit("second", first));
    }

    [Fact]
    public void Created_release_is_found_by_its_tag_and_a_missing_one_is_null()
    {
        var store = NewStore();
        var created = store.CreateRelease("billing-state-v1");

        Assert.Equal(created, store.GetRelease("billing-state-v1"));
        Assert.Null(store.GetRelease("r-AbCdEf12"));
        Assert.Equal(created, new LocalReleaseStore(store.Root).GetRelease("billing-state-v1"));
    }

    [Fact]
    public void Creating_a_release_twice_is_a_conflict()
    {
        var store = NewStore();
        store.CreateRelease("v1");

        Assert.Equal(ExitCode.StateConflict, Assert.Throws<PlatformException>(() => store.CreateRelease("v1")).ExitCode);
    }

    [Fact]
    public void Downloaded_asset_has_the_uploaded_bytes_even_after_the_source_changes()
    {
        var store = NewStore();
        var release = store.CreateRelease("v1");
        var source = Temp.Write("a.csv", "x,y\n1,2\n");
        var asset = store.UploadAsset(release, "a.csv", source);
        File.WriteAllText(source, "changed\n");

        var target = Temp.Combine("out", "a.csv");
        store.DownloadAsset(release, asset, target);

        Assert.Equal("x,y\n1,2\n", File.ReadAllText(target));
    }

    [Fact]
    public void Ids_increase_across_releases_and_assets_and_survive_a_new_store_object()
    {
        var store = NewStore();
        var first = store.CreateRelease("one");
        var a = store.UploadAsset(first, "a.txt", Temp.Write("a.txt", "a"));
        var second = new LocalReleaseStore(store.Root).CreateRelease("two");
        var b = store.UploadAsset(second, "b.txt", Temp.Write("b.txt", "b"));

        Assert.True(first.Id < a.Id && a.Id < second.Id && second.Id < b.Id);
    }

    [Fact]
    public void Concurrent_uploads_each_get_a_distinct_id()
    {
        var store = NewStore();
        var release = store.CreateRelease("v1");
        var source = Temp.Write("src.txt", "bytes");

        var ids = new System.Collections.Concurrent.ConcurrentBag<long>();
        Parallel.For(0, 24, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
            ids.Add(new LocalReleaseStore(store.Root).UploadAsset(release, $"asset-{i}.txt", source).Id));

        Assert.Equal(24, ids.Distinct().Count());
        Assert.Equal(ids.Order(), store.ListAssets(release).Select(a => a.Id));
    }

    [Fact]
    public void Renaming_onto_a_taken_name_is_a_conflict_and_deleting_removes_the_asset()
    {
        var store = NewStore();
        var release = store.CreateRelease("v1");
        var a = store.UploadAsset(release, "a.txt", Temp.Write("a.txt", "a"));
        var b = store.UploadAsset(release, "b.txt", Temp.Write("b.txt", "b"));

        Assert.Equal(ExitCode.StateConflict, Assert.Throws<PlatformException>(() => store.RenameAsset(release, a, "b.txt")).ExitCode);
        store.DeleteAsset(release, b);

        Assert.Equal(["a.txt"], store.ListAssets(release).Select(x => x.Name));
        Assert.Null(store.GetAsset(release, b.Id));
        Assert.Throws<PlatformException>(() => store.DownloadAsset(release, b, Temp.Combine("b.out")));
    }

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData(".hidden")]
    [InlineData("a/b.txt")]
    [InlineData("")]
    public void Names_that_could_leave_the_release_folder_are_bad_input(string name)
    {
        var store = NewStore();
        var release = store.CreateRelease("v1");

        var error = Assert.Throws<PlatformException>(() => store.UploadAsset(release, name, Temp.Write("x.txt", "x")));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
    }

    [Fact]
    public void A_ref_is_created_only_once_and_moves_only_along_history()
    {
        var store = NewStore();
        var root = store.CreateCommit("root", null);
        var unrelated = store.CreateCommit("unrelated", null);

        Assert.True(store.TryCreateRef("refs/heads/lease", root));
        Assert.False(store.TryCreateRef("refs/heads/lease", unrelated));
        Assert.False(store.TryFastForwardRef("refs/heads/lease", unrelated));
        Assert.False(store.TryFastForwardRef("refs/heads/missing", root));
        Assert.Equal("unrelated", store.GetCommit(unrelated).Message);
    }

    /// <summary>
    /// A kill between a rename's index write and its file move used to leave an index naming a file
    /// that no longer existed, and every later command failed. The index write is now the rename:
    /// readers see the new name at once, and the next locked operation moves the file.
    /// </summary>
    [Fact]
    public void A_rename_killed_before_its_file_moved_is_seen_whole_and_finished_by_the_next_change()
    {
        var store = NewStore();
        var release = store.CreateRelease("billing-state-v1");
        store.UploadAsset(release, "tenants_credits.csv", Temp.Write("credits.csv", "balance\n"));
        var folder = Path.Combine(store.Root, "billing-state-v1");
        // What the kill leaves: the index already says previous.tenants_credits.csv, the file has the old name.
        var index = File.ReadAllText(Path.Combine(folder, ".assets"));
        File.WriteAllText(Path.Combine(folder, ".assets"),
            index.Replace("\"Name\":\"tenants_credits.csv\"", "\"Name\":\"previous.tenants_credits.csv\",\"RenamedFrom\":\"tenants_credits.csv\"", StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "..assets.123.abc.tmp"), "half");

        var listed = Assert.Single(store.ListAssets(release));
        Assert.Equal(("previous.tenants_credits.csv", 8L), (listed.Name, listed.Size));
        store.DownloadAsset(release, listed, Temp.Combine("read.csv"));
        Assert.Equal("balance\n", File.ReadAllText(Temp.Combine("read.csv")));

        store.UploadAsset(release, "tenants_credits.csv", Temp.Write("new.csv", "new\n"));

        Assert.Equal("balance\n", File.ReadAllText(Path.Combine(folder, "previous.tenants_credits.csv")));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(folder, "tenants_credits.csv")));
        Assert.DoesNotContain("RenamedFrom\":\"", File.ReadAllText(Path.Combine(folder, ".assets")), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "..assets.123.abc.tmp")));
    }
}
