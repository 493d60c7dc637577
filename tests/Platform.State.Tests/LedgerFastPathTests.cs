using System.Security.Cryptography;
using System.Text;
using Platform.Domain;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;
using Platform.State.Ledger;
using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.State.Tests;

/// <summary>The fast paths of the state check find exactly what the plain rules say, whatever the row order.</summary>
public class LedgerFastPathTests
{
    private const string Tx = "transactions.csv";
    private const string Items = "transaction_items.csv";
    private const string Credits = "tenants_credits.csv";

    [Fact]
    public void A_state_with_items_in_any_order_verifies()
    {
        using var folder = new StateFolder();
        WriteState(folder,
            [Topup("T0000001", 10, "k1"), Topup("T0000002", 20, "k2"), Topup("T0000003", 30, "k3")],
            [Item("I0000003", "T0000003", 30), Item("I0000001", "T0000001", 4), Item("I0000002", "T0000002", 20), Item("I0000004", "T0000001", 6)],
            60);
        var (state, log) = BillingState.Inspect(folder.State);
        Assert.Empty(log.Violations);
        Assert.Equal(3, state!.TransactionCount);
    }

    [Fact]
    public void A_wrong_sum_is_found_when_items_are_out_of_order()
    {
        using var folder = new StateFolder();
        WriteState(folder,
            [Topup("T0000001", 10, "k1"), Topup("T0000002", 20, "k2")],
            [Item("I0000002", "T0000002", 20), Item("I0000001", "T0000001", 9)],
            30);
        var (_, log) = BillingState.Inspect(folder.State);
        var violation = Assert.Single(log.Violations);
        Assert.Equal($"{Tx}:2: amount_credits='10': differs from the sum of its items (9)", violation.ToString());
    }

    [Fact]
    public void A_transaction_without_items_and_an_item_without_transaction_are_found_in_order_too()
    {
        using var folder = new StateFolder();
        WriteState(folder,
            [Topup("T0000001", 10, "k1"), Topup("T0000002", 20, "k2")],
            [Item("I0000001", "T0000001", 10), Item("I0000002", "T0000009", 20)],
            30);
        var (_, log) = BillingState.Inspect(folder.State);
        Assert.Contains(log.Violations, v => v.ToString() == $"{Tx}:3: transaction_id='T0000002': has no items");
        Assert.Contains(log.Violations, v => v.ToString() == $"{Items}:3: transaction_id='T0000009': references no transaction");
    }

    [Fact]
    public void A_repeated_transaction_id_is_reported_with_its_row_and_counted_once()
    {
        using var folder = new StateFolder();
        WriteState(folder,
            [Topup("T0000001", 10, "k1"), Topup("T0000002", 20, "k2"), Topup("T0000001", 10, "k3")],
            [Item("I0000001", "T0000001", 10), Item("I0000002", "T0000002", 20)],
            30);
        var (state, log) = BillingState.Inspect(folder.State);
        var violation = Assert.Single(log.Violations);
        Assert.Equal($"{Tx}:4: transaction_id='T0000001': is duplicated", violation.ToString());
        Assert.Equal(2, state!.TransactionCount);
    }

    [Fact]
    public void A_repeated_item_id_is_reported_with_its_row_and_left_out_of_the_sums()
    {
        using var folder = new StateFolder();
        WriteState(folder,
            [Topup("T0000001", 10, "k1"), Topup("T0000002", 20, "k2")],
            [Item("I0000001", "T0000001", 10), Item("I0000002", "T0000002", 20), Item("I0000002", "T0000002", 5)],
            30);
        var (_, log) = BillingState.Inspect(folder.State);
        var violation = Assert.Single(log.Violations);
        Assert.Equal($"{Items}:4: transaction_item_id='I0000002': is duplicated", violation.ToString());
    }

    [Fact]
    public void A_repeated_idempotency_key_is_reported_with_its_row_and_key()
    {
        using var folder = new StateFolder();
        WriteState(folder,
            [Topup("T0000001", 10, "same"), Topup("T0000002", 20, "other"), Topup("T0000003", 30, "same", escaped: true)],
            [Item("I0000001", "T0000001", 10), Item("I0000002", "T0000002", 20), Item("I0000003", "T0000003", 30)],
            60);
        var (_, log) = BillingState.Inspect(folder.State);
        var violation = Assert.Single(log.Violations);
        Assert.Equal($"{Tx}:4: metadata_json='same': repeats an idempotency key: the same posting was made twice", violation.ToString());
    }

    [Fact]
    public void A_change_repeating_stored_transaction_and_item_ids_is_refused()
    {
        using var folder = new StateFolder();
        WriteState(folder, [Topup("T0000001", 10, "k1")], [Item("I0000001", "T0000001", 10)], 10);
        var error = Assert.Throws<Platform.Domain.Errors.PlatformException>(() => folder.Transaction().Run((_, change) =>
        {
            change.Append(BillingTables.Transactions, ["T0000001", "Ac7Kq2", "", "TOPUP", "5", change.NowText, "", "", "{\"idem\":\"k2\"}"]);
            change.Append(BillingTables.TransactionItems, ["I0000001", "T0000001", "Ac7Kq2", "", "ADMIN_TOPUP", "TOPUP", "5", change.NowText, "", ""]);
            return 0;
        }));
        Assert.Contains(error.Violations, v => v.ToString() == $"{Tx}:3: transaction_id='T0000001': is duplicated");
        Assert.Contains(error.Violations, v => v.ToString() == $"{Items}:3: transaction_item_id='I0000001': is duplicated");
        Assert.Equal(10, BillingState.Load(folder.State).BalanceOf(Tenant).Value);
    }

    [Fact]
    public void A_change_repeating_a_stored_idempotency_key_is_refused()
    {
        using var folder = new StateFolder();
        WriteState(folder, [Topup("T0000001", 10, "k1")], [Item("I0000001", "T0000001", 10)], 10);
        var error = Assert.Throws<Platform.Domain.Errors.PlatformException>(() => folder.Transaction().Run((_, change) =>
        {
            change.Append(BillingTables.Transactions, ["T0000002", "Ac7Kq2", "", "TOPUP", "5", change.NowText, "", "", "{\"idem\":\"k1\"}"]);
            change.Append(BillingTables.TransactionItems, ["I0000002", "T0000002", "Ac7Kq2", "", "ADMIN_TOPUP", "TOPUP", "5", change.NowText, "", ""]);
            return 0;
        }));
        Assert.Contains(error.Violations, v => v.ToString() == $"{Tx}:3: metadata_json='k1': repeats an idempotency key: the same posting was made twice");
    }

    [Fact]
    public void A_large_state_extended_by_a_commit_keeps_its_bytes_and_verifies()
    {
        using var folder = new StateFolder();
        // Enough rows to pass the size from which tables are copied while they are scanned.
        var note = new string('n', 200);
        var txs = Enumerable.Range(0, 25_000).Select(i => Topup(Id('T', i), 1, $"k{i}", note)).ToList();
        var items = Enumerable.Range(0, 25_000).Select(i => Item(Id('I', i), Id('T', i), 1)).ToList();
        WriteState(folder, txs, items, txs.Count);
        Assert.True(new FileInfo(folder.PathOf(Tx)).Length > 4 << 20);
        var before = File.ReadAllBytes(folder.PathOf(Tx));

        folder.Transaction().Run((_, change) => change.Post(new Posting(Tenant, TransactionType.Topup, "new",
            [new PostingItem(null, Feature.AdminTopup, ItemType.Topup, new Credits(5))])));

        var (state, log) = BillingState.Inspect(folder.State);
        Assert.Empty(log.Violations);
        Assert.Equal(25_005, state!.BalanceOf(Tenant).Value);
        Assert.True(state.IsPosted("k24999"));
        Assert.True(state.IsPosted("new"));
        var after = File.ReadAllBytes(folder.PathOf(Tx));
        Assert.Equal(before, after[..before.Length]);
        // Nothing is left behind: the copy made while scanning became the new file (.objects keeps the facts for the next writer).
        var expected = BillingTables.All.Select(t => t.FileName).Append(BillingTables.ManifestFileName).Append(".lock").Append(".objects").Order().ToList();
        Assert.Equal(expected, Directory.GetFileSystemEntries(folder.State.Path).Select(p => Path.GetFileName(p)!).Order().ToList());
    }

    private static readonly TenantId Tenant = TenantId.Parse("Ac7Kq2", "tenant_id");

    private static string Id(char kind, int i) => kind + i.ToString("0000000", System.Globalization.CultureInfo.InvariantCulture);

    private static string Topup(string id, long amount, string key, string note = "", bool escaped = false)
    {
        // Escaping a plain letter (\u0073 is 's') means the same key but takes the JSON reader's path.
        var json = escaped ? $"{{\"\"idem\"\":\"\"\\u0073{key[1..]}\"\"}}" : $"{{\"\"idem\"\":\"\"{key}\"\"}}";
        return $"{id},Ac7Kq2,,TOPUP,{amount},2025-12-01T10:00:00Z,,{note},\"{json}\"";
    }

    private static string Item(string id, string transaction, long amount) =>
        $"{id},{transaction},Ac7Kq2,,ADMIN_TOPUP,TOPUP,{amount},2025-12-01T10:00:00Z,,";

    /// <summary>Writes a whole state (other tables empty) with a manifest that matches it.</summary>
    private static void WriteState(StateFolder folder, IEnumerable<string> transactions, IEnumerable<string> items, long balance)
    {
        Directory.CreateDirectory(folder.State.Path);
        var bodies = new Dictionary<string, IEnumerable<string>>
        {
            [Tx] = transactions,
            [Items] = items,
            [Credits] = [$"Ac7Kq2,{balance},2025-12-02T10:05:00Z,ACTIVE"],
        };
        var assets = new List<ManifestAsset>();
        foreach (var table in BillingTables.All)
        {
            var text = new StringBuilder(table.HeaderLine).Append('\n');
            foreach (var line in bodies.GetValueOrDefault(table.FileName) ?? [])
            {
                text.Append(line).Append('\n');
            }
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            File.WriteAllBytes(folder.PathOf(table.FileName), bytes);
            assets.Add(new ManifestAsset(table.FileName, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        }
        new StateManifest(0, "2025-12-02T10:05:00Z", assets).Write(folder.PathOf(BillingTables.ManifestFileName));
    }
}
