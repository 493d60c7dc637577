using Microsoft.Extensions.Time.Testing;
using Platform.Domain.Ids;
using Platform.State.Tables.Rows;
using Platform.Domain.Errors;
using Platform.State.Stores;
using Platform.State.Stores.Generations;
using Platform.State.Stores.Leases;
using Platform.State.Stores.Local;
using Platform.State.Stores.Releases;
using Platform.State.Tables;
using Platform.State.Transactions;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.Backend;

/// <summary>The billing-state protocol of the layout v2 (hydrate, packs, commit step, adoption of v1) over the local release store.</summary>
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

    /// <summary>Appends work-order log rows of about 150 bytes each: 1,000 of them outgrow a manifest's tails.</summary>
    private static void AppendLogRows(StateTransaction transaction, int count) =>
        transaction.Run((state, change) =>
        {
            foreach (var id in IdGenerator.NewValues(IdKind.WorkOrder, count))
            {
                change.Append(BillingTables.WorkOrdersLog, new WorkOrderLogRow(id, "abc123", "RUNNING", change.NowText, change.NowText, "",
                    "a note long enough to make the row weigh what a real one does", "{}").Fields());
            }
            return 0;
        });

    private GenerationManifest Head() => backend.ReadHead()!.Value.Manifest;

    private void UploadV1State(StateDirectory from)
    {
        var release = store.GetRelease(ReleaseStoreBackend.Tag) ?? store.CreateRelease(ReleaseStoreBackend.Tag);
        foreach (var name in BillingTables.All.Select(t => t.FileName).Append(BillingTables.ManifestFileName))
        {
            store.UploadAsset(release, name, from.PathOf(name));
        }
    }

    [Fact]
    public void First_hydrate_bootstraps_the_store_from_the_templates_as_generation_0()
    {
        var directory = Machine("a");

        var generation = backend.Hydrate(directory, templates);

        Assert.Equal(0, generation);
        Assert.NotNull(store.GetRef(ReleaseStoreBackend.StateRef));
        Assert.Equal(0, Head().Generation);
        Assert.Empty(Head().Objects);
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
        Assert.Equal(File.ReadAllText(a.PathOf(BillingTables.ManifestFileName)), File.ReadAllText(b.PathOf(BillingTables.ManifestFileName)));
    }

    [Fact]
    public void Publish_over_a_generation_that_moved_returns_false()
    {
        var a = Machine("a");
        var b = Machine("b");
        backend.Hydrate(a, templates);
        var other = new ReleaseStoreBackend(store, null, new FolderLease(store.RunLeasePath, TimeSpan.Zero), clock);
        var hydratedByB = other.Hydrate(b, templates);
        AddCacheRow(a, Transaction(a));

        var state = BillingState.Load(b);
        var change = state.NewChange(clock.GetUtcNow());
        change.Replace(BillingTables.CacheIndex, [CacheRow]);
        var manifest = state.Commit(change);

        Assert.False(other.TryPublish(b, hydratedByB, manifest, ["cache_index.csv", "tenants_credits.csv"], "test"));
        Assert.Equal(1, backend.Hydrate(Machine("c"), templates));
        // The loser re-hydrates: its own unpublished generation gives way to the store's.
        Assert.Equal(1, other.Hydrate(b, templates));
        Assert.Equal(File.ReadAllText(a.PathOf("cache_index.csv")), File.ReadAllText(b.PathOf("cache_index.csv")));
    }

    [Fact]
    public void Rows_ride_in_the_manifest_until_they_are_sealed_into_a_pack_that_hydrates_elsewhere()
    {
        var a = Machine("a");
        AppendLogRows(Transaction(a), 10);
        Assert.Empty(Head().Objects);
        Assert.Equal(10, Head().Tables["workorders_log.csv"].Rows);

        AppendLogRows(Transaction(a), 1000);

        var pack = Assert.Single(Head().Objects);
        Assert.Equal("", Head().Tables["workorders_log.csv"].Tail);
        Assert.Equal(1010, Head().Tables["workorders_log.csv"].Rows);
        Assert.Contains(store.ListAssets(Release), asset => asset.Name == pack.Name && asset.Size == pack.Bytes);
        var b = Machine("b");
        Assert.Equal(2, backend.Hydrate(b, templates));
        Assert.Equal(File.ReadAllText(a.PathOf("workorders_log.csv")), File.ReadAllText(b.PathOf("workorders_log.csv")));
        Assert.Empty(Directory.GetFiles(b.PathOf(ObjectCache.FolderName), "pack.*"));
    }

    private static void Topup(StateTransaction transaction, string key, long amount) =>
        transaction.Run((_, change) => change.Post(new Platform.Domain.Ledger.Posting(TenantId.Parse("abc123", "tenant_id"), Platform.Domain.Ledger.TransactionType.Topup, key,
            [new Platform.Domain.Ledger.PostingItem(null, Platform.Domain.Ledger.Feature.AdminTopup, Platform.Domain.Ledger.ItemType.Topup, new Platform.Domain.Credits(amount))])));

    [Fact]
    public void A_hydrate_that_only_adds_rows_keeps_the_writers_facts_and_the_next_writer_checks_just_those_rows()
    {
        var a = Machine("a");
        var b = Machine("b");
        Topup(Transaction(a), "a1", 1);
        Topup(Transaction(b), "b1", 2);
        Topup(Transaction(a), "a2", 4);

        backend.Hydrate(b, templates);

        var facts = File.ReadAllText(Path.Combine(b.Path, ".objects", "facts", "facts.json"));
        Assert.Contains("\"extended\"", facts, StringComparison.Ordinal);
        var state = BillingState.Load(b);
        Assert.True(state.IsTrusted);
        Assert.True(state.IsPosted("a2"));
        Assert.Equal(7, state.BalanceOf(TenantId.Parse("abc123", "tenant_id")).Value);
        Topup(Transaction(b), "b2", 8);
        Assert.Empty(BillingState.Inspect(b).Log.Violations);
        Assert.DoesNotContain("\"extended\"", File.ReadAllText(Path.Combine(b.Path, ".objects", "facts", "facts.json")), StringComparison.Ordinal);
        backend.Hydrate(Machine("c"), templates);
        Assert.Equal(File.ReadAllText(b.PathOf("transactions.csv")), File.ReadAllText(Machine("c").PathOf("transactions.csv")));
    }

    [Fact]
    public void Packs_of_one_level_are_merged_so_the_store_holds_few_objects()
    {
        var a = Machine("a");
        for (var i = 0; i < PackPlan.MergeCount + 2; i++)
        {
            AppendLogRows(Transaction(a), 1000);
        }

        Assert.InRange(Head().Objects.Count, 2, 4);
        Assert.Contains(Head().Objects, o => o.Level == 1);
        var b = Machine("b");
        backend.Hydrate(b, templates);
        Assert.Equal(File.ReadAllText(a.PathOf("workorders_log.csv")), File.ReadAllText(b.PathOf("workorders_log.csv")));
        Assert.Equal(PackPlan.MergeCount + 2, BillingState.Load(b).Manifest.Generation);
    }

    [Fact]
    public void A_pack_deleted_from_the_store_fails_hydrate_and_is_never_reset()
    {
        AppendLogRows(Transaction(Machine("a")), 1000);
        var lost = store.ListAssets(Release).Single(a => a.Name.StartsWith("pack.", StringComparison.Ordinal));
        store.DeleteAsset(Release, lost);

        var b = Machine("b");
        var error = Assert.Throws<PlatformException>(() => backend.Hydrate(b, templates));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains(lost.Name, error.Message, StringComparison.Ordinal);
        Assert.False(b.Exists("workorders_log.csv"));
        Assert.Equal(1, Head().Generation);
    }

    [Fact]
    public void A_pack_altered_in_the_store_fails_the_hydrate_that_reads_it()
    {
        AppendLogRows(Transaction(Machine("a")), 1000);
        var original = store.ListAssets(Release).Single(x => x.Name.StartsWith("pack.", StringComparison.Ordinal));
        store.DeleteAsset(Release, original);
        store.UploadAsset(Release, original.Name, temp.Write("forged.bin", new string('x', (int)original.Size)));

        var error = Assert.Throws<PlatformException>(() => backend.Hydrate(Machine("b"), templates));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("sha256", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_in_the_v1_layout_is_read_as_it_is_and_adopted_by_the_first_write()
    {
        var v1 = new StateDirectory(temp.Combine("v1"));
        var noStore = new StateTransaction(new NoStore(clock), v1, templates, clock);
        AddCacheRow(v1, noStore);
        UploadV1State(v1);

        var a = Machine("a");
        Assert.Equal(1, backend.Hydrate(a, templates));
        Assert.Equal(File.ReadAllText(v1.PathOf("cache_index.csv")), File.ReadAllText(a.PathOf("cache_index.csv")));
        Assert.Null(store.GetRef(ReleaseStoreBackend.StateRef));

        AppendLogRows(Transaction(a), 3);

        Assert.Equal(2, Head().Generation);
        var names = store.ListAssets(Release).Select(x => x.Name).ToList();
        Assert.Contains("legacy-v1.state_manifest.json", names);
        Assert.DoesNotContain(BillingTables.ManifestFileName, names);
        var b = Machine("b");
        Assert.Equal(2, backend.Hydrate(b, templates));
        Assert.Equal(File.ReadAllText(a.PathOf("cache_index.csv")), File.ReadAllText(b.PathOf("cache_index.csv")));
    }

    [Fact]
    public void A_v1_release_with_billing_data_but_no_manifest_is_not_bootstrapped_over()
    {
        var v1 = new StateDirectory(temp.Combine("v1"));
        AddCacheRow(v1, new StateTransaction(new NoStore(clock), v1, templates, clock));
        UploadV1State(v1);
        store.DeleteAsset(Release, store.ListAssets(Release).Single(x => x.Name == BillingTables.ManifestFileName));

        var error = Assert.Throws<PlatformException>(() => backend.Hydrate(Machine("b"), templates));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("refusing to bootstrap", error.Message, StringComparison.Ordinal);
        Assert.Contains("cache_index.csv", error.Message, StringComparison.Ordinal);
        Assert.Null(store.GetRef(ReleaseStoreBackend.StateRef));
    }

    [Fact]
    public void A_v1_publish_that_died_mid_swap_is_undone_by_the_next_hydrate()
    {
        var v1 = new StateDirectory(temp.Combine("v1"));
        new StateTransaction(new NoStore(clock), v1, templates, clock).EnsureExists();
        UploadV1State(v1);
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
