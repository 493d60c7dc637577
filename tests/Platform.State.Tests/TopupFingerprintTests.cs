using System.Text.Json.Nodes;
using Platform.Domain;
using Platform.Domain.Ledger;
using Platform.State.Ledger;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Tests;

/// <summary>Issue 14 on a large ledger: the facts keep each posted top-up's fingerprint, so a repeat is compared without reading transactions.csv.</summary>
public sealed class TopupFingerprintTests : IDisposable
{
    private static readonly TenantId Tenant = TenantId.Parse("Ac7Kq2", "tenant_id");
    private static readonly TopupMethodId Bank = TopupMethodId.Parse("BT", "topup_method_id");
    private readonly StateFolder folder = new();

    private string Topup(string key, long amount) =>
        folder.Transaction().Run((_, change) => change.Post(Posting.Topup(Tenant, Feature.Payment, new Credits(amount), key, Bank, "wire-1", "note"))!.Value.Value);

    private static TopupContent Content(string key, long amount, string method = "BT") => new(key, Tenant.Value, method, amount);

    [Fact]
    public void A_repeat_with_the_posted_content_is_answered_by_the_fingerprint_and_one_that_differs_names_what_was_posted()
    {
        var first = Topup("payment:first", 5);
        var second = Topup("payment:second", 7);
        folder.Transaction().Run((_, change) => change.Post(new Posting(Tenant, TransactionType.Spend, "spend:1",
            [new PostingItem(null, Feature.Run, ItemType.Spend, new Credits(-2))])));

        foreach (var state in new[] { BillingState.Load(folder.State), BillingState.Inspect(folder.State).State! })
        {
            Assert.Equal(first, state.PostedAs(Content("payment:first", 5))?.TransactionId);
            Assert.Equal(second, state.PostedAs(Content("payment:second", 7))?.TransactionId);
            Assert.Null(state.PostedAs(Content("payment:first", 6)));
            Assert.Null(state.PostedAs(Content("payment:first", 5, method: "CC")));
            Assert.Null(state.PostedAs(Content("spend:1", -2)));
            Assert.Empty(state.PostedOtherwise([Content("payment:first", 5), Content("payment:second", 7), Content("spend:1", 3), Content("payment:none", 1)]));
            var edited = Assert.Single(state.PostedOtherwise([Content("payment:first", 5), Content("payment:second", 8, method: "CC")]));
            Assert.Equal(new PostedTopup("payment:second", second, Tenant.Value, 7, "BT", "wire-1"), edited.Value);
        }
        Assert.True(BillingState.Load(folder.State).IsTrusted);
        // The first posting read the ledger whole and wrote the sorted file; the second one's fingerprint waits in facts.json.
        Assert.Equal(32, new FileInfo(folder.FactsFile("topup_fingerprints.bin")).Length);
        Assert.Single(JsonNode.Parse(File.ReadAllText(folder.FactsFile("facts.json")))!["added"]!["topup_fingerprints"]!.AsArray());
    }

    [Fact]
    public void An_append_cut_off_before_its_commit_leaves_no_fingerprint_behind()
    {
        Topup("payment:first", 5);
        var path = folder.PathOf(BillingTables.Transactions.FileName);
        var before = File.ReadAllBytes(path);
        var lastRow = File.ReadAllLines(path)[^1];
        folder.State.BeginCommit();
        folder.State.RecordAppends(new Dictionary<string, long> { [BillingTables.Transactions.FileName] = before.Length });
        File.AppendAllText(path, lastRow.Replace("payment:first", "payment:second", StringComparison.Ordinal).Replace(",5,", ",9,", StringComparison.Ordinal) + "\n");

        folder.State.Recover();

        Assert.Equal(before, File.ReadAllBytes(path));
        var state = BillingState.Load(folder.State);
        Assert.Null(state.PostedAs(Content("payment:second", 9)));
        Assert.False(state.IsPosted("payment:second"));
        var second = Topup("payment:second", 4);
        var trusted = BillingState.Load(folder.State);
        Assert.True(trusted.IsTrusted);
        Assert.Equal(second, trusted.PostedAs(Content("payment:second", 4))?.TransactionId);
        Assert.Null(trusted.PostedAs(Content("payment:second", 9)));
        Assert.Empty(BillingState.Inspect(folder.State).Log.Violations);
    }

    [Fact]
    public void A_kept_fingerprint_that_disagrees_with_the_ledger_is_found_by_verify_deleted_and_built_again()
    {
        var first = Topup("payment:first", 5);
        Topup("payment:second", 7);

        // Byte 17 is in the first fingerprint's content hash (after its 16-byte key hash).
        folder.AssertVerifyFindsFlippedFacts("topup_fingerprints.bin", 17, 0x01, "top-up fingerprints");

        var rebuilt = BillingState.Load(folder.State);
        Assert.False(rebuilt.IsTrusted);
        Assert.Equal(first, rebuilt.PostedAs(Content("payment:first", 5))?.TransactionId);
        Topup("payment:third", 1);
        var trusted = BillingState.Load(folder.State);
        Assert.True(trusted.IsTrusted);
        Assert.Equal(first, trusted.PostedAs(Content("payment:first", 5))?.TransactionId);
        Assert.Empty(BillingState.Inspect(folder.State).Log.Violations);
    }

    [Fact]
    public void Facts_kept_before_fingerprints_existed_are_not_trusted_and_are_kept_anew()
    {
        var first = Topup("payment:first", 5);
        var json = folder.FactsFile("facts.json");
        var root = JsonNode.Parse(File.ReadAllText(json))!.AsObject();
        root["sorted"]!.AsObject().Remove("topup_fingerprints");
        File.WriteAllText(json, root.ToJsonString());

        Assert.False(BillingState.Load(folder.State).IsTrusted);
        Topup("payment:second", 7);
        var trusted = BillingState.Load(folder.State);
        Assert.True(trusted.IsTrusted);
        Assert.Equal(first, trusted.PostedAs(Content("payment:first", 5))?.TransactionId);
    }

    public void Dispose() => folder.Dispose();
}
