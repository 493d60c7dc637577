using Platform.Domain;
using Platform.Domain.Ledger;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Tests;

public class StateTransactionTests
{
    private static readonly TenantId Tenant = TenantId.Parse("Ac7Kq2", "tenant_id");

    private static Posting Topup(string key, long amount) =>
        new(Tenant, TransactionType.Topup, key, [new PostingItem(null, Feature.AdminTopup, ItemType.Topup, new Credits(amount))]);

    [Fact]
    public void First_change_bootstraps_from_templates_and_publishes_generation_one()
    {
        using var folder = new StateFolder();
        folder.Transaction().Run((_, change) => change.Post(Topup("k1", 40)));
        var state = BillingState.Load(folder.State);
        Assert.Equal(1, state.Manifest.Generation);
        Assert.Equal(40, state.BalanceOf(Tenant).Value);
    }

    [Fact]
    public void The_same_idempotency_key_posts_once()
    {
        using var folder = new StateFolder();
        var first = folder.Transaction().Run((_, change) => change.Post(Topup("same", 40)));
        var second = folder.Transaction().Run((_, change) => change.Post(Topup("same", 40)));
        var inOneChange = folder.Transaction().Run((_, change) => (change.Post(Topup("other", 1)), change.Post(Topup("other", 1))));
        Assert.NotNull(first);
        Assert.Null(second);
        Assert.NotNull(inOneChange.Item1);
        Assert.Null(inOneChange.Item2);
        Assert.Equal(41, BillingState.Load(folder.State).BalanceOf(Tenant).Value);
    }

    [Fact]
    public void A_python_state_is_extended_and_still_verifies()
    {
        using var folder = new StateFolder();
        folder.CopyPythonState();
        var before = File.ReadAllBytes(folder.PathOf("transactions.csv"));
        folder.Transaction().Run((_, change) => change.Post(Topup("new", 10)));
        var state = BillingState.Load(folder.State);
        Assert.Equal(300, state.BalanceOf(Tenant).Value);
        Assert.Equal(1, state.Manifest.Generation);
        var after = File.ReadAllBytes(folder.PathOf("transactions.csv"));
        Assert.Equal(before, after[..before.Length]);
    }

    [Fact]
    public void A_change_that_breaks_a_rule_writes_nothing()
    {
        using var folder = new StateFolder();
        folder.Transaction().Run((_, change) => change.Post(Topup("k1", 40)));
        var before = Directory.GetFiles(folder.State.Path).ToDictionary(f => f, File.ReadAllBytes);
        Assert.ThrowsAny<Exception>(() => folder.Transaction().Run((_, change) =>
        {
            change.Append(BillingTables.Transactions, ["Bad00001", "Ac7Kq2", "", "TOPUP", "5", change.NowText, "", "", ""]);
            return 0;
        }));
        foreach (var (file, bytes) in before)
        {
            Assert.Equal(bytes, File.ReadAllBytes(file));
        }
    }

    [Fact]
    public void An_interrupted_commit_marked_complete_is_finished_and_an_unmarked_one_discarded()
    {
        using var folder = new StateFolder();
        folder.Transaction().Run((_, change) => change.Post(Topup("k1", 40)));
        var dir = folder.State;

        // A crash after the pending files were written but before they were marked complete.
        dir.BeginCommit();
        File.WriteAllText(dir.PendingPathOf("transactions.csv"), "garbage");
        dir.Recover();
        Assert.Equal(40, BillingState.Load(dir).BalanceOf(Tenant).Value);

        // A crash in the middle of moving a complete commit into place.
        var snapshot = Path.Combine(folder.Root, "snapshot");
        Directory.CreateDirectory(snapshot);
        foreach (var f in Directory.GetFiles(dir.Path))
        {
            File.Copy(f, Path.Combine(snapshot, Path.GetFileName(f)));
        }
        folder.Transaction().Run((_, change) => change.Post(Topup("k2", 2)));
        var committed = Directory.GetFiles(dir.Path).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)).ToList();
        dir.BeginCommit();
        foreach (var f in committed)
        {
            File.Copy(f, dir.PendingPathOf(Path.GetFileName(f)));
            File.Copy(Path.Combine(snapshot, Path.GetFileName(f)), f, overwrite: true);
        }
        var names = committed.Select(Path.GetFileName).ToList();
        File.WriteAllLines(Path.Combine(dir.Path, ".pending", "COMPLETE"), names!);
        File.Move(dir.PendingPathOf("transactions.csv"), dir.PathOf("transactions.csv"), overwrite: true);
        dir.Recover();
        Assert.Equal(42, BillingState.Load(dir).BalanceOf(Tenant).Value);
    }
}
