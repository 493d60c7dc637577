using Platform.Domain.Ids;
using Platform.State.Tables;
using Platform.State.Tables.Rows;

namespace Platform.State.Tests;

/// <summary>Row types read and write their fields by the schema's column names: a row survives the trip, in the schema's order.</summary>
public sealed class RowTypeTests
{
    [Fact]
    public void A_cache_index_row_is_written_in_the_schema_order_and_read_back_unchanged()
    {
        var row = CacheIndexRow.Of("key-1", TenantId.Parse("abc123", "tenant_id"), ModuleId.Parse("U2T", "module_id"),
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 8, 0, 0, 0, TimeSpan.Zero), 17);

        var fields = row.Fields();

        Assert.Equal(BillingTables.CacheIndex.Header.Count, fields.Count);
        Assert.Equal("key-1", fields[BillingTables.CacheIndex.IndexOf("cache_key")]);
        Assert.Equal("2026-01-08T00:00:00Z", fields[BillingTables.CacheIndex.IndexOf("expires_at")]);
        Assert.Equal("17", fields[BillingTables.CacheIndex.IndexOf("cache_id")]);
        Assert.Equal(row, CacheIndexRow.Read(fields));
    }

    [Fact]
    public void Merging_replaces_rows_of_the_same_key_and_sorts_by_key()
    {
        CacheIndexRow Row(string key, long id) => CacheIndexRow.Of(key, TenantId.Parse("abc123", "tenant_id"), ModuleId.Parse("U2T", "module_id"),
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddDays(1), id);

        var merged = CacheIndexRow.Merge([Row("b", 1), Row("a", 2)], [Row("b", 3), Row("c", 4)]);

        Assert.Equal(["a:2", "b:3", "c:4"], merged.Select(f => CacheIndexRow.Read(f)).Select(r => $"{r.CacheKey}:{r.CacheId}"));
    }
}

/// <summary>Every row type names each column of its table exactly once (RowOf refuses anything else).</summary>
public sealed class RowTypeCoverageTests
{
    [Fact]
    public void Each_row_type_writes_every_column_of_its_table()
    {
        Assert.Equal(BillingTables.WorkOrdersLog.Header.Count, new WorkOrderLogRow("w", "t", "s", "c", "", "", "", "{}").Fields().Count);
        Assert.Equal(BillingTables.ModuleRunsLog.Header.Count, new ModuleRunLogRow("r", "t", "w", "m", "s", "c", "", "", "", "", "", "{}").Fields().Count);
        Assert.Equal(BillingTables.PromotionRedemptions.Header.Count, new RedemptionRow("r", "t", "p", "1", "c", "", "{}").Fields().Count);
        Assert.Equal(BillingTables.Transactions.Header.Count, new TransactionRow("i", "t", "", "SPEND", "-1", "c", "", "", "{}").Fields().Count);
        Assert.Equal(BillingTables.TransactionItems.Header.Count, new TransactionItemRow("i", "x", "t", "", "f", "y", "-1", "c", "").Fields().Count);
        Assert.Equal(BillingTables.TenantsCredits.Header.Count, new TenantCreditsRow("t", "0", "c", "ACTIVE").Fields().Count);
        Assert.Equal(BillingTables.ReleasesMap.Header.Count, new ReleaseMapRow("r", "1", "r-r", "t", "", "c").Fields().Count);
        Assert.Equal(BillingTables.AssetsMap.Header.Count, new AssetMapRow("a", "1", "r", "n", "c").Fields().Count);
        var log = new WorkOrderLogRow("w", "t", "RUNNING", "c", "s", "e", "n", "{}");
        Assert.Equal(log, WorkOrderLogRow.Read(log.Fields()));
    }

    [Fact]
    public void A_row_that_misses_or_repeats_a_column_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BillingTables.TenantsCredits.RowOf(("tenant_id", "t"), ("tenant_id", "t"), ("updated_at", "c"), ("status", "ACTIVE")));
        Assert.Throws<ArgumentException>(() => BillingTables.TenantsCredits.RowOf(("tenant_id", "t")));
    }
}
