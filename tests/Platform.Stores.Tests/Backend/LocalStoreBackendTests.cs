using Microsoft.Extensions.Time.Testing;
using Platform.Domain.Ids;
using Platform.State.Tables.Rows;
using Platform.Domain.Errors;
using Platform.State.Stores;
using Platform.State.Stores.Leases;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;
using Platform.State.Tables;
using Platform.State.Transactions;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.Backend;

/// <summary>The billing-state protocol (lease, hydrate, compare-and-swap publish) over the local release store.</summary>
public sealed class LocalStoreBackendTests : IDisposable
{
    private static readonly IReadOnlyList<string> CacheRow = CacheIndexRow.Of("key-1", TenantId.Parse("abc123", "tenant_id"), ModuleId.Parse("U2T", "module_id"),
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.Zero), 17).Fields();

    private readonly TempFolder temp = new();
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly LocalReleaseStore store;
    private readonly ReleaseStoreBackend backend;
    private readonly BootstrapTemplates templates;

    public LocalStoreBackendTests()
    {
        store = new LocalReleaseStore(temp.Combine("store"));
        backend = new ReleaseStoreBackend(store, new FolderLease(store.LeasePath, TimeSpan.FromMilliseconds(50)), new FolderLease(store.RunLeasePath, TimeSpan.Zero), clock);
        templates = Templates.WriteInto(temp.Combine("templates"));
    }

    private StateDirectory Machine(string name) => new(temp.Combine("machines", name));

    private StoreRelease Release => store.GetRelease(ReleaseStoreBackend.Tag)!;

    private StateTransaction Transaction(StateDirectory directory) => new(backend, directory, templates, clock);

    private static void AddCacheRow(StateDirectory directory, StateTransaction transaction) =>
        transaction.Run((state, change) =>
        {
            change.Replace(BillingTables.CacheIndex, [CacheRow]);
            return 0;
        });

    [Fact]
    public void First_hydrate_bootstraps_the_store_from_the_templates()
    {
        var directory = Machine("a");

        var generation = backend.Hydrate(directory, templates);

        Assert.Equal(0, generation);
        var published = store.ListAssets(Release).Select(a => a.Name).Order();
        Assert.Equal(BillingTables.All.Select(t => t.FileName).Append(BillingTables.ManifestFileName).Order(), published);
        Assert.Equal(0, BillingState.Load(directory).Manifest.Generation);
        Assert.Equal(BillingTables.Transactions.HeaderLine + "\n", File.ReadAllText(directory.PathOf("transactions.csv")));
    }

    [Fact]
    public void Published_change_hydrates_on_another_machine()
    {
        var a = Machine("a");
        AddCacheRow(a, Transaction(a));

        var b = Machine("b");
        var generation = backend.Hydrate(b, templates);

        Assert.Equal(1, generation);
        Assert.Equal(File.ReadAllText(a.PathOf("cache_index.csv")), File.ReadAllText(b.PathOf("cache_index.csv")));
        Assert.Contains("key-1,abc123,U2T", File.ReadAllText(b.PathOf("cache_index.csv")), StringComparison.Ordinal);
        Assert.DoesNotContain(store.ListAssets(Release), asset => SwapNames.IsTemporary(asset.Name));
    }

    [Fact]
    public void Publish_over_a_generation_that_moved_returns_false()
    {
        var a = Machine("a");
        var b = Machine("b");
        backend.Hydrate(a, templates);
        var hydratedByB = backend.Hydrate(b, templates);
        AddCacheRow(a, Transaction(a));

        var state = BillingState.Load(b);
        var change = state.NewChange(clock.GetUtcNow());
        change.Replace(BillingTables.CacheIndex, [CacheRow]);
        var manifest = state.Commit(change);

        Assert.False(backend.TryPublish(b, hydratedByB, manifest, ["cache_index.csv", "tenants_credits.csv"]));
        Assert.Equal(1, backend.Hydrate(Machine("c"), templates));
    }

    [Fact]
    public void An_asset_deleted_from_the_store_fails_hydrate_and_is_never_reset()
    {
        backend.Hydrate(Machine("a"), templates);
        var lost = store.ListAssets(Release).Single(a => a.Name == "transactions.csv");
        store.DeleteAsset(Release, lost);

        var error = Assert.Throws<PlatformException>(() => backend.Hydrate(Machine("b"), templates));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("transactions.csv", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(store.ListAssets(Release), a => a.Name == "transactions.csv");
    }

    [Fact]
    public void An_asset_altered_in_the_store_fails_hydrate_even_where_a_good_copy_is_local()
    {
        var a = Machine("a");
        backend.Hydrate(a, templates);
        var original = store.ListAssets(Release).Single(x => x.Name == "transactions.csv");
        store.DeleteAsset(Release, original);
        store.UploadAsset(Release, "transactions.csv", temp.Write("forged.csv", BillingTables.Transactions.HeaderLine + "\nforged\n"));

        var error = Assert.Throws<PlatformException>(() => backend.Hydrate(a, templates));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
        Assert.Equal(BillingTables.Transactions.HeaderLine + "\n", File.ReadAllText(a.PathOf("transactions.csv")));
    }

    [Fact]
    public void A_bootstrap_that_died_before_its_manifest_is_run_again()
    {
        backend.Hydrate(Machine("a"), templates);
        store.DeleteAsset(Release, store.ListAssets(Release).Single(x => x.Name == BillingTables.ManifestFileName));

        Assert.Equal(0, backend.Hydrate(Machine("b"), templates));

        Assert.Equal(BillingTables.All.Count + 1, store.ListAssets(Release).Count);
    }

    [Fact]
    public void A_release_with_billing_data_but_no_manifest_is_not_bootstrapped_over()
    {
        AddCacheRow(Machine("a"), Transaction(Machine("a")));
        store.DeleteAsset(Release, store.ListAssets(Release).Single(x => x.Name == BillingTables.ManifestFileName));

        var error = Assert.Throws<PlatformException>(() => backend.Hydrate(Machine("b"), templates));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("refusing to bootstrap", error.Message, StringComparison.Ordinal);
        Assert.Contains("cache_index.csv", error.Message, StringComparison.Ordinal);
        Assert.Contains(store.ListAssets(Release), a => a.Name == "cache_index.csv");
    }

    [Fact]
    public void A_publish_that_died_mid_swap_is_undone_by_the_next_hydrate()
    {
        backend.Hydrate(Machine("a"), templates);
        var old = store.ListAssets(Release).Single(x => x.Name == "cache_index.csv");
        store.UploadAsset(Release, SwapNames.Pending("cache_index.csv"), temp.Write("new.csv", "unpublished\n"));
        store.RenameAsset(Release, old, SwapNames.Previous("cache_index.csv"));

        var b = Machine("b");
        Assert.Equal(0, backend.Hydrate(b, templates));

        Assert.Equal(BillingTables.CacheIndex.HeaderLine + "\n", File.ReadAllText(b.PathOf("cache_index.csv")));
        Assert.DoesNotContain(store.ListAssets(Release), asset => SwapNames.IsTemporary(asset.Name));
    }

    [Fact]
    public void The_lease_excludes_a_second_holder_until_released()
    {
        var directory = Machine("a");
        using (backend.AcquireLease(directory))
        {
            var error = Assert.Throws<PlatformException>(() => backend.AcquireLease(Machine("b")));
            Assert.Equal(ExitCode.StateConflict, error.ExitCode);
        }
        using var again = backend.AcquireLease(Machine("b"));
    }

    public void Dispose() => temp.Dispose();
}
