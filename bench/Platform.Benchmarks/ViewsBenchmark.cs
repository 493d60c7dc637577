using System.Globalization;

namespace Platform.Benchmarks;

/// <summary>
/// The read-only views on the large generated state (default: 10,000 tenants, 1,000,000
/// transactions), with a tenant folder per tenant as a real repository has: <c>balance</c> of every
/// tenant and <c>statement</c> of one (text and HTML), each as the real CLI in its own process.
/// </summary>
public static class ViewsBenchmark
{
    public static int Run(BenchOptions options)
    {
        var repo = Path.Combine(options.Work, $"views-{options.Tenants}-{options.Transactions}");
        var state = Path.Combine(repo, ".billing-state");
        var pristine = LargeStateGenerator.Pristine(options);
        var tenants = LargeStateGenerator.TenantIds(options.Tenants);
        if (!File.Exists(Path.Combine(state, "state_manifest.json")))
        {
            Directory.CreateDirectory(state);
            foreach (var file in Directory.GetFiles(pristine))
            {
                File.Copy(file, Path.Combine(state, Path.GetFileName(file)), overwrite: true);
            }
            foreach (var tenant in tenants)
            {
                Directory.CreateDirectory(Path.Combine(repo, "tenants", tenant));
                File.WriteAllText(Path.Combine(repo, "tenants", tenant, "tenant.yml"), $"tenant_id: {tenant}\ntenant_name: Bench {tenant}\nstatus: ACTIVE\n");
            }
        }
        Console.WriteLine($"state: {options.Tenants:N0} tenants (each with tenant.yml), {options.Transactions:N0} transactions; {Environment.ProcessorCount} cores");
        var env = new Dictionary<string, string> { ["PLATFORM_STORE"] = "none" };
        var platform = options.PlatformDll;
        // The generator posts one transaction every 7 seconds from 2024-01-01.
        var end = Platform.Domain.Time.Timestamp.ToText(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(options.Transactions * 7L));
        var dashboardEnv = new Dictionary<string, string>(env) { ["PLATFORM_NOW"] = end };
        var site = Path.Combine(options.Work, "dashboard-site");
        var failed = false;
        for (var run = 1; run <= options.Runs; run++)
        {
            var measured = new[]
            {
                ("balance        ", ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "balance", "--format", "csv"])),
                ("statement      ", ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "statement", "--tenant", tenants[0]])),
                ("statement html ", ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "statement", "--tenant", tenants[^1], "--format", "html", "--from", "2024-01-01"])),
                ("dashboard      ", ChildProcessMeter.Measure(repo, dashboardEnv, ["dotnet", platform, "dashboard", "--out", site])),
            };
            foreach (var (name, m) in measured)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name} #{run}: exit {m.ExitCode}, wall {m.Wall.TotalSeconds:0.000} s, cpu {m.Cpu.TotalSeconds:0.000} s, peak RSS {m.PeakRssBytes / 1048576.0:0} MiB"));
                if (m.ExitCode != 0)
                {
                    Console.WriteLine(m.Stderr);
                    failed = true;
                }
            }
        }
        return failed ? 1 : 0;
    }
}
