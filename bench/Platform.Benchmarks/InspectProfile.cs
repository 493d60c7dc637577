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
        var directory = new StateDirectory(pristine);
        for (var run = 1; run <= options.Runs; run++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var (state, log) = BillingState.Inspect(directory);
            var wall = clock.Elapsed;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"inspect #{run}: wall {wall.TotalSeconds:0.000} s, cpu {cpu.TotalSeconds:0.000} s, {state?.TransactionCount} transactions, {log.Count} violations, heap {GC.GetTotalMemory(false) / 1048576.0:0} MiB"));
            foreach (var violation in log.Violations.Take(5))
            {
                Console.WriteLine("  " + violation);
            }
        }
        return 0;
    }
}
