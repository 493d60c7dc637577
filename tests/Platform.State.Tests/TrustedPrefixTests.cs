using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;
using Platform.State.Ledger;
using Platform.State.Tables;
using Platform.State.Tables.Rows;
using Platform.State.Transactions;

namespace Platform.State.Tests;

/// <summary>Issue 12: a writer trusts the checked prefix of the large tables; verify still reads everything.</summary>
public sealed class TrustedPrefixTests : IDisposable
{
    private static readonly TenantId Tenant = TenantId.Parse("Ac7Kq2", "tenant_id");
    private readonly StateFolder folder = new();

    private void Topup(string key, long amount) =>
        folder.Transaction().Run((_, change) => change.Post(new Posting(Tenant, TransactionType.Topup, key,
            [new PostingItem(null, Feature.AdminTopup, ItemType.Topup, new Credits(amount))])));

    [Fact]
    public void After_one_full_read_writers_trust_the_prefix_and_the_result_is_what_a_full_read_finds()
    {
        Topup("a", 5);
        var fullRead = BillingState.Load(folder.State);
        Assert.True(fullRead.IsTrusted);

        Topup("b", 7);
        Topup("a", 5);

        var (state, log) = BillingState.Inspect(folder.State);
        Assert.Empty(log.Violations);
        Assert.False(state!.IsTrusted);
        Assert.Equal(12, state.BalanceOf(Tenant).Value);
        Assert.Equal(2, state.TransactionCount);
        var trusted = BillingState.Load(folder.State);
        Assert.True(trusted.IsTrusted);
        Assert.Equal(12, trusted.BalanceOf(Tenant).Value);
        Assert.True(trusted.IsPosted("a") && trusted.IsPosted("b") && !trusted.IsPosted("c"));
        Assert.Equal(2, trusted.TransactionCount);
    }

    [Fact]
    public void A_table_changed_behind_the_facts_is_read_whole_again()
    {
        Topup("a", 5);
        Topup("b", 7);
        var path = folder.PathOf(BillingTables.Transactions.FileName);
        File.SetLastWriteTimeUtc(path, File.GetLastWriteTimeUtc(path).AddSeconds(-10));

        Assert.False(BillingState.Load(folder.State).IsTrusted);
        Topup("c", 1);
        Assert.True(BillingState.Load(folder.State).IsTrusted);
    }

    [Fact]
    public void A_flipped_byte_in_a_kept_index_is_found_by_verify_and_never_trusted_after()
    {
        Topup("a", 5);
        Topup("b", 7);
        folder.AssertVerifyFindsFlippedFacts("transaction_ids.bin", 3, 0x40, "transaction IDs");

        Assert.False(BillingState.Load(folder.State).IsTrusted);
        Assert.Empty(BillingState.Inspect(folder.State).Log.Violations);
    }

    [Fact]
    public void An_append_cut_off_before_its_commit_is_undone_and_the_facts_stay_true()
    {
        Topup("a", 5);
        var path = folder.PathOf(BillingTables.Transactions.FileName);
        var before = File.ReadAllBytes(path);
        folder.State.BeginCommit();
        folder.State.RecordAppends(new Dictionary<string, long> { [BillingTables.Transactions.FileName] = before.Length });
        File.AppendAllText(path, "half a row");

        folder.State.Recover();

        Assert.Equal(before, File.ReadAllBytes(path));
        Topup("b", 7);
        var (state, log) = BillingState.Inspect(folder.State);
        Assert.Empty(log.Violations);
        Assert.Equal(12, state!.BalanceOf(Tenant).Value);
    }

    /// <summary>Changes <c>facts.json</c> as <paramref name="edit"/> says; returns its path.</summary>
    private string EditFacts(Action<System.Text.Json.Nodes.JsonNode> edit)
    {
        var json = folder.FactsFile("facts.json");
        var root = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(json))!;
        edit(root);
        File.WriteAllText(json, root.ToJsonString());
        return json;
    }

    private void LogWorkOrder(string status) =>
        folder.Transaction().Run((_, change) =>
        {
            change.Append(BillingTables.WorkOrdersLog, new WorkOrderLogRow("UbjkpxZO", Tenant.Value, status, change.NowText, "", "", "", "{}").Fields());
            return 0;
        });

    [Fact]
    public void Writers_read_only_the_work_order_log_rows_added_after_the_checked_prefix()
    {
        Topup("a", 5);
        LogWorkOrder("RUNNING");
        var path = folder.PathOf(BillingTables.WorkOrdersLog.FileName);
        // A byte of the checked prefix changed behind the facts, size and time kept: a writer does not read the prefix again ...
        var time = File.GetLastWriteTimeUtc(path);
        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, time);

        Assert.True(BillingState.Load(folder.State).IsTrusted);

        // ... verify does, and finds it.
        Assert.Contains(BillingState.Inspect(folder.State).Log.Violations, v => (v.File, v.Field) == (BillingTables.WorkOrdersLog.FileName, "sha256"));
    }

    [Fact]
    public void Work_order_log_rows_appended_by_trusting_writers_are_what_a_full_read_finds()
    {
        Topup("a", 5);
        LogWorkOrder("RUNNING");
        LogWorkOrder("COMPLETED");
        Assert.True(BillingState.Load(folder.State).IsTrusted);
        LogWorkOrder("RUNNING");

        Assert.Empty(BillingState.Inspect(folder.State).Log.Violations);
        Assert.Equal(4, File.ReadAllLines(folder.PathOf(BillingTables.WorkOrdersLog.FileName)).Length);
        Assert.True(BillingState.Load(folder.State).IsTrusted);
    }

    [Fact]
    public void Facts_that_miscount_the_work_order_log_are_found_by_verify_and_deleted()
    {
        Topup("a", 5);
        LogWorkOrder("RUNNING");
        var json = EditFacts(root => root["tables"]![BillingTables.WorkOrdersLog.FileName]!["last_row"] = 7);

        var violation = Assert.Single(BillingState.Inspect(folder.State).Log.Violations);

        Assert.Contains("last row of workorders_log.csv 7 (the table ends at row 2)", violation.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
    }

    private void LogRun(string runId) =>
        folder.Transaction().Run((_, change) =>
        {
            change.Append(BillingTables.ModuleRunsLog,
                new ModuleRunLogRow(runId, Tenant.Value, "UbjkpxZO", "M01", "COMPLETED", change.NowText, "", "", "", "", "", "{}").Fields());
            return 0;
        });

    [Fact]
    public void Writers_read_only_the_run_log_rows_added_after_the_checked_prefix()
    {
        LogRun("Run00001");
        LogRun("Run00002");
        var path = folder.PathOf(BillingTables.ModuleRunsLog.FileName);
        // The second run's ID made the first's behind the facts, size and time kept: a writer does not read the prefix again ...
        var time = File.GetLastWriteTimeUtc(path);
        File.WriteAllText(path, File.ReadAllText(path).Replace("Run00002", "Run00001", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, time);

        var trusted = BillingState.Load(folder.State);
        Assert.True(trusted.IsTrusted);
        Assert.True(trusted.IsKeyTaken(BillingTables.ModuleRunsLog, "Run00002"));

        // ... verify does, and finds both the hash and the repeated ID.
        var violations = BillingState.Inspect(folder.State).Log.Violations;
        Assert.Contains(violations, v => (v.File, v.Field) == (BillingTables.ModuleRunsLog.FileName, "sha256"));
        Assert.Contains(violations, v => (v.File, v.Row, v.Field, v.Value) == (BillingTables.ModuleRunsLog.FileName, 3, "module_run_id", "Run00001"));
    }

    [Fact]
    public void A_module_run_id_repeating_one_of_the_trusted_prefix_is_refused_before_anything_is_written()
    {
        LogRun("Run00001");
        LogRun("Run00002");
        Assert.True(BillingState.Load(folder.State).IsTrusted);
        var path = folder.PathOf(BillingTables.ModuleRunsLog.FileName);
        var before = File.ReadAllBytes(path);

        // The first is in the sorted file, the second among the IDs added since.
        foreach (var repeated in new[] { "Run00001", "Run00002" })
        {
            var error = Assert.Throws<PlatformException>(() => LogRun(repeated));
            Assert.Contains(error.Violations, v => (v.File, v.Field, v.Value, v.Message) == (BillingTables.ModuleRunsLog.FileName, "module_run_id", repeated, "is duplicated"));
        }

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Empty(BillingState.Inspect(folder.State).Log.Violations);
        Assert.True(BillingState.Load(folder.State).IsTrusted);
    }

    [Fact]
    public void Run_log_rows_appended_by_trusting_writers_are_what_a_full_read_finds()
    {
        LogRun("Run00001");
        Assert.True(BillingState.Load(folder.State).IsTrusted);
        LogRun("Run00002");
        LogRun("Run00003");

        var (state, log) = BillingState.Inspect(folder.State);
        Assert.Empty(log.Violations);
        Assert.True(state!.IsKeyTaken(BillingTables.ModuleRunsLog, "Run00002"));
        Assert.Equal(4, File.ReadAllLines(folder.PathOf(BillingTables.ModuleRunsLog.FileName)).Length);
        var trusted = BillingState.Load(folder.State);
        Assert.True(trusted.IsTrusted);
        Assert.True(trusted.IsKeyTaken(BillingTables.ModuleRunsLog, "Run00003") && !trusted.IsKeyTaken(BillingTables.ModuleRunsLog, "Run00004"));
    }

    [Fact]
    public void Facts_that_miscount_the_run_log_are_found_by_verify_and_deleted()
    {
        LogRun("Run00001");
        var json = EditFacts(root => root["tables"]![BillingTables.ModuleRunsLog.FileName]!["last_row"] = 7);

        var violation = Assert.Single(BillingState.Inspect(folder.State).Log.Violations);

        Assert.Contains("last row of module_runs_log.csv 7 (the table ends at row 2)", violation.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(json));
    }

    [Fact]
    public void A_flipped_byte_in_the_kept_run_ids_is_found_by_verify()
    {
        LogRun("Run00001");
        LogRun("Run00002");

        folder.AssertVerifyFindsFlippedFacts("module_run_ids.bin", 3, 0x40, "module run IDs");
    }

    [Fact]
    public void Facts_kept_before_the_run_log_was_trusted_are_not_trusted_until_one_full_read()
    {
        LogRun("Run00001");
        EditFacts(root =>
        {
            root["tables"]!.AsObject().Remove(BillingTables.ModuleRunsLog.FileName);
            root["sorted"]!.AsObject().Remove("module_run_ids");
            root["added"]!.AsObject().Remove("module_run_ids");
        });
        File.Delete(folder.FactsFile("module_run_ids.bin"));

        Assert.False(BillingState.Load(folder.State).IsTrusted);
        Assert.Throws<PlatformException>(() => LogRun("Run00001"));
        LogRun("Run00002");
        Assert.True(BillingState.Load(folder.State).IsTrusted);
        Assert.Empty(BillingState.Inspect(folder.State).Log.Violations);
    }

    public void Dispose() => folder.Dispose();
}
