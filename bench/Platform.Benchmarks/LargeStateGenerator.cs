using System.Security.Cryptography;
using Platform.Domain.Ids;
using Platform.Domain.Time;
using Platform.State.Manifest;
using Platform.State.Tables;

namespace Platform.Benchmarks;

/// <summary>
/// Writes a large, valid billing state: tenants with top-ups, spends of three items (run, save to
/// release, discount) and refunds, every posting with an idempotency key, like years of production.
/// Deterministic for a given seed, so runs compare.
/// </summary>
public static class LargeStateGenerator
{
    public static void Write(string folder, int tenants, int transactions, int seed = 42)
    {
        Directory.CreateDirectory(folder);
        var random = new Random(seed);
        var tenantIds = Distinct(IdKind.Tenant, tenants, random);
        var txIds = Distinct(IdKind.Transaction, transactions, random);
        var balances = new long[tenants];
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var itemCounter = 0L;

        using (var txOut = Open(folder, BillingTables.Transactions))
        using (var itemOut = Open(folder, BillingTables.TransactionItems))
        using (var tx = Sep(txOut, BillingTables.Transactions))
        using (var items = Sep(itemOut, BillingTables.TransactionItems))
        {
            for (var i = 0; i < transactions; i++)
            {
                var t = i % tenants;
                var round = i / tenants;
                var tenant = tenantIds[t];
                var when = Timestamp.ToText(start.AddSeconds(i * 7L));
                var id = txIds[i];
                var kind = round % 4;
                string type;
                long amount;
                List<(string Feature, string Type, long Amount)> lines;
                if (round == 0 || kind == 1)
                {
                    type = "TOPUP";
                    lines = [("ADMIN_TOPUP", "TOPUP", 100)];
                }
                else if (kind == 3)
                {
                    type = "REFUND";
                    lines = [("RUN", "REFUND", 5)];
                }
                else
                {
                    type = "SPEND";
                    lines = [("RUN", "SPEND", -10), ("SAVE_TO_RELEASE", "SPEND", -5), ("PROMOTION", "DISCOUNT", 1)];
                }
                amount = lines.Sum(l => l.Amount);
                balances[t] += amount;
                var note = i % 10 == 0 ? "batch, \"nightly\"" : "";
                tx.Row([id, tenant, type == "TOPUP" ? "" : "UbjkpxZO", type, amount.ToString(System.Globalization.CultureInfo.InvariantCulture), when, "", note,
                    $"{{\"idem\":\"{type.ToLowerInvariant()}:{tenant}:{id}\"}}"]);
                foreach (var line in lines)
                {
                    var itemId = Base62.Unpack(IdKind.TransactionItem, (ulong)(itemCounter++ * 7_919 + 1_000_003));
                    items.Row([itemId, id, tenant, line.Feature is "RUN" or "SAVE_TO_RELEASE" ? "U2T" : "", line.Feature, line.Type,
                        line.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), when, "", ""]);
                }
            }
        }

        using (var creditsOut = Open(folder, BillingTables.TenantsCredits))
        using (var credits = Sep(creditsOut, BillingTables.TenantsCredits))
        {
            foreach (var (tenant, index) in tenantIds.Select((x, i) => (x, i)).OrderBy(p => p.x, StringComparer.Ordinal))
            {
                credits.Row([tenant, balances[index].ToString(System.Globalization.CultureInfo.InvariantCulture), "2026-01-01T00:00:00Z", "ACTIVE"]);
            }
        }
        foreach (var table in BillingTables.All.Where(t => !File.Exists(Path.Combine(folder, t.FileName))))
        {
            File.WriteAllText(Path.Combine(folder, table.FileName), table.HeaderLine + "\n");
        }
        var assets = BillingTables.All.Select(t => new ManifestAsset(t.FileName, Sha256Of(Path.Combine(folder, t.FileName)))).ToList();
        new StateManifest(1, "2026-01-01T00:00:00Z", assets).Write(Path.Combine(folder, BillingTables.ManifestFileName));
    }

    /// <summary>The generated state of the options' size in the work folder, written on first use and reused afterwards.</summary>
    public static string Pristine(BenchOptions options)
    {
        var pristine = Path.Combine(options.Work, $"state-{options.Tenants}-{options.Transactions}");
        if (!File.Exists(Path.Combine(pristine, "state_manifest.json")))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            Write(pristine, options.Tenants, options.Transactions);
            Console.WriteLine($"generated {pristine} in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        return pristine;
    }

    public static IReadOnlyList<string> TenantIds(int tenants, int seed = 42) => Distinct(IdKind.Tenant, tenants, new Random(seed));

    private static List<string> Distinct(IdKind kind, int count, Random random)
    {
        var seen = new HashSet<string>(count, StringComparer.Ordinal);
        var list = new List<string>(count);
        Span<char> chars = stackalloc char[kind.Length];
        while (list.Count < count)
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = Base62.Alphabet[random.Next(62)];
            }
            var id = new string(chars);
            if (seen.Add(id))
            {
                list.Add(id);
            }
        }
        return list;
    }

    private static StreamWriter Open(string folder, TableSchema table) =>
        new(Path.Combine(folder, table.FileName), append: false, CsvFormat.Utf8, 1 << 20);

    private static CsvRowWriter Sep(StreamWriter output, TableSchema table) => new(output, table.Header, writeHeader: true);

    private static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
