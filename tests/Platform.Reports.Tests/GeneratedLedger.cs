using System.Globalization;
using Platform.Domain.Ids;
using Platform.Files.Csv;
using Platform.State.Manifest;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Reports.Tests;

/// <summary>
/// A random but valid ledger written to a temp state folder: top-ups, payments, charges with
/// discounts, refunds and adjustments of a few tenants, a third of the rows without an idempotency
/// key (metadata empty or <c>{}</c>, as the earlier Python platform wrote them). It keeps the rows it
/// wrote, so tests can sum them independently of the code under test.
/// </summary>
public sealed class GeneratedLedger : IDisposable
{
    public sealed record Tx(string Id, string Tenant, string CreatedAt, long Amount, List<(string Kind, long Amount)> Items);

    public GeneratedLedger(int seed, int transactions, params string[] tenants)
    {
        Folder = System.IO.Directory.CreateTempSubdirectory("reports-ledger-").FullName;
        Directory = new StateDirectory(Folder);
        var random = new Random(seed);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var balances = tenants.ToDictionary(t => t, _ => 0L);
        var txRows = new List<IReadOnlyList<string>>();
        var itemRows = new List<IReadOnlyList<string>>();
        var itemNumber = 0;
        for (var i = 0; i < transactions; i++)
        {
            var tenant = tenants[random.Next(tenants.Length)];
            var when = Domain.Time.Timestamp.ToText(start.AddHours(i * 5 + random.Next(5)));
            var id = Base62.Unpack(IdKind.Transaction, (ulong)(i + 1_000));
            var (type, items) = Next(random, balances[tenant]);
            var amount = items.Sum(x => x.Amount);
            balances[tenant] += amount;
            var metadata = (i % 3) switch { 0 => "", 1 => "{}", _ => $"{{\"idem\":\"gen:{id}\",\"reference\":\"ref {i}\"}}" };
            txRows.Add([id, tenant, "", type, Text(amount), when, "", i % 7 == 0 ? "note, \"quoted\"" : "", metadata]);
            foreach (var (kind, credits) in items)
            {
                var (feature, itemType, module) = kind switch
                {
                    "top-up" => ("ADMIN_TOPUP", "TOPUP", ""),
                    "payment" => ("PAYMENT", "TOPUP", ""),
                    "charge" => ("RUN", "SPEND", "U2T"),
                    "discount" => ("PROMOTION", "DISCOUNT", ""),
                    "refund" => ("RUN", "REFUND", "U2T"),
                    _ => ("ADJUSTMENT", credits > 0 ? "TOPUP" : "SPEND", ""),
                };
                itemRows.Add([Base62.Unpack(IdKind.TransactionItem, (ulong)(++itemNumber + 5_000)), id, tenant, module, feature, itemType, Text(credits), when, kind == "discount" ? "WELCOME10" : "", ""]);
            }
            Transactions.Add(new Tx(id, tenant, when, amount, items));
        }
        Write(BillingTables.Transactions, txRows);
        Write(BillingTables.TransactionItems, itemRows);
        Write(BillingTables.TenantsCredits, balances.OrderBy(b => b.Key, StringComparer.Ordinal)
            .Select(b => (IReadOnlyList<string>)[b.Key, Text(b.Value), "2026-06-01T00:00:00Z", "ACTIVE"]).ToList());
        new StateManifest(3, "2026-06-01T00:00:00Z", []).Write(Directory.PathOf(BillingTables.ManifestFileName));
    }

    public string Folder { get; }

    public StateDirectory Directory { get; }

    public List<Tx> Transactions { get; } = [];

    /// <summary>Replaces one line of a table file (row 1 is the header), to damage the ledger on purpose.</summary>
    public void Edit(TableSchema table, Func<string, string> change)
    {
        var path = Directory.PathOf(table.FileName);
        File.WriteAllText(path, change(File.ReadAllText(path)));
    }

    private static (string Type, List<(string Kind, long Amount)> Items) Next(Random random, long balance)
    {
        var pick = random.Next(balance < 50 ? 2 : 6);
        return pick switch
        {
            0 => ("TOPUP", [("top-up", random.Next(50, 500))]),
            1 => ("TOPUP", [("payment", random.Next(50, 500))]),
            2 => ("SPEND", [("charge", -random.Next(5, 20)), ("charge", -random.Next(1, 10)), ("discount", random.Next(1, 4))]),
            3 => ("REFUND", [("refund", random.Next(1, 10))]),
            4 => ("TOPUP", [("adjustment", random.Next(1, 30))]),
            _ => ("SPEND", [("adjustment", -random.Next(1, 30))]),
        };
    }

    private void Write(TableSchema table, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        using var writer = new StreamWriter(Directory.PathOf(table.FileName), false, CsvFormat.Utf8) { NewLine = "\n" };
        CsvFormat.Write(writer, table.Header, rows, writeHeader: true);
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    public void Dispose() => System.IO.Directory.Delete(Folder, recursive: true);
}
