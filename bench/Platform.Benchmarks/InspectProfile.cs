using System.Diagnostics;
using System.Globalization;
using Platform.State.Transactions;

namespace Platform.Benchmarks;

/// <summary>
/// Runs the state check in this process several times on the generated state (read only), so the
/// first (cold, JIT-bound) and later (warm) passes can be told apart while tuning.
/// </summary>
public static class InspectProfile
{
    public static int Run(BenchOptions options)
    {
        var pristine = Path.Combine(options.Work, $"state-{options.Tenants}-{options.Transactions}");
        if (!File.Exists(Path.Combine(pristine, "state_manifest.json")))
        {
            LargeStateGenerator.Write(pristine, options.Tenants, options.Transactions);
        }
        if (Environment.GetEnvironmentVariable("PROFILE_COMMIT") == "1")
        {
            var work = Path.Combine(options.Work, "commit-profile");
            if (Directory.Exists(work))
            {
                Directory.Delete(work, recursive: true);
            }
            Directory.CreateDirectory(work);
            foreach (var file in Directory.GetFiles(pristine))
            {
                File.Copy(file, Path.Combine(work, Path.GetFileName(file)));
            }
            var target = new StateDirectory(work);
            var tenant = Platform.Domain.Ids.Id<Platform.Domain.Ids.TenantKind>.Parse(LargeStateGenerator.TenantIds(options.Tenants)[0], "tenant");
            for (var run = 1; run <= options.Runs; run++)
            {
                var clock = Stopwatch.StartNew();
                var state = BillingState.Load(target);
                var loaded = clock.Elapsed;
                var change = state.NewChange(DateTimeOffset.UtcNow);
                change.Post(new Platform.Domain.Ledger.Posting(tenant, Platform.Domain.Ledger.TransactionType.Topup, $"profile-{Guid.NewGuid():N}",
                    [new Platform.Domain.Ledger.PostingItem(null, Platform.Domain.Ledger.Feature.AdminTopup, Platform.Domain.Ledger.ItemType.Topup, new Platform.Domain.Credits(5))]));
                var posted = clock.Elapsed;
                state.Commit(change);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"commit #{run}: load {loaded.TotalSeconds:0.000} s, post {(posted - loaded).TotalSeconds:0.000} s, commit {(clock.Elapsed - posted).TotalSeconds:0.000} s"));
            }
            return 0;
        }
        var directory = new StateDirectory(pristine);
        if (Environment.GetEnvironmentVariable("PROFILE_TABLES") == "1")
        {
            for (var run = 1; run <= options.Runs; run++)
            {
                var keys = new ulong[2_000_000];
                var rnd = new Random(1);
                Time("radix 2M", () => { for (var i = 0; i < keys.Length; i++) { keys[i] = (ulong)rnd.NextInt64(0, 218340105584896); } var c = Stopwatch.StartNew(); Platform.State.Ledger.RadixSort.Sort<ulong, Platform.State.Ledger.WholeKey>(keys, new ulong[keys.Length]); Console.WriteLine($"    sort only {c.Elapsed.TotalMilliseconds} ms"); return keys; });
                var hashes = new UInt128[1_000_000];
                Time("radix 1M hashes", () => { for (var i = 0; i < hashes.Length; i++) { hashes[i] = new UInt128((ulong)rnd.NextInt64(), (ulong)rnd.NextInt64()); } var c = Stopwatch.StartNew(); Platform.State.Ledger.RadixSort.Sort<UInt128, Platform.State.Ledger.HashPrefixKey>(hashes, new UInt128[hashes.Length]); Console.WriteLine($"    sort only {c.Elapsed.TotalMilliseconds} ms"); return hashes; });
                Time("sha256 items", () => System.Security.Cryptography.SHA256.HashData(File.OpenRead(directory.PathOf("transaction_items.csv"))));
                Time("sep items", () =>
                {
                    using var reader = Platform.Files.Csv.CsvFormat.OpenReader(File.OpenRead(directory.PathOf("transaction_items.csv")));
                    long n = 0;
                    foreach (var row in reader)
                    {
                        for (var i = 0; i < row.ColCount; i++)
                        {
                            n += row[i].Span.Length;
                        }
                    }
                    return n;
                });
                Time("rules only items", () => { var s = new TableScan(Platform.State.Tables.BillingTables.TransactionItems with { KeyColumn = null }, new ViolationLog()); s.ScanFile(directory.PathOf("transaction_items.csv")); return s; });
                Time("scan items", () => { var s = new Platform.State.Ledger.ItemsScan(new ViolationLog(), 2_200_000); s.ScanFile(directory.PathOf("transaction_items.csv")); return s; });
                Time("scan transactions", () => { var s = new Platform.State.Ledger.TransactionsScan(new ViolationLog(), 1_100_000); s.ScanFile(directory.PathOf("transactions.csv")); return s; });
            }
        }
        for (var run = 1; run <= options.Runs; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var (state, log) = BillingState.Inspect(directory);
            var wall = clock.Elapsed;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"inspect #{run}: wall {wall.TotalSeconds:0.000} s, cpu {cpu.TotalSeconds:0.000} s, {state?.TransactionCount} transactions, {log.Count} violations, heap {GC.GetTotalMemory(false) / 1048576.0:0} MiB, collections {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1048576.0:0} MiB"));
            foreach (var violation in log.Violations.Take(5))
            {
                Console.WriteLine("  " + violation);
            }
        }
        return 0;
    }

    private static void Time(string name, Func<object> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        work();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name}: wall {clock.Elapsed.TotalSeconds:0.000} s, cpu {cpu.TotalSeconds:0.000} s"));
    }
}
