using System.Globalization;

namespace Platform.Benchmarks;

/// <summary>
/// <c>platform maintenance</c> on a generated repository of 500 modules, 2,000 tenants and 10,000
/// work orders: the first run writes maintenance-state/, the next ones find nothing to change.
/// </summary>
public static class MaintenanceBenchmark
{
    public static int Run(BenchOptions options)
    {
        var repo = Path.Combine(options.Work, "maintenance-500-2000-10000");
        if (Directory.Exists(repo))
        {
            Directory.Delete(repo, recursive: true);
        }
        new LargeRepositoryGenerator().Write(repo);
        var templates = Path.Combine(OrchestratorBenchmark.FindSourceRoot(), "releases", "billing-state-v1");
        Directory.CreateDirectory(Path.Combine(repo, "releases", "billing-state-v1"));
        foreach (var template in Directory.GetFiles(templates))
        {
            File.Copy(template, Path.Combine(repo, "releases", "billing-state-v1", Path.GetFileName(template)));
        }
        var platform = options.PlatformDll;
        var env = new Dictionary<string, string> { ["PLATFORM_STORE"] = "none" };
        var failed = false;
        for (var run = 0; run <= options.Runs; run++)
        {
            var args = run == options.Runs ? new[] { "dotnet", platform, "maintenance", "--check" } : ["dotnet", platform, "maintenance"];
            var m = ChildProcessMeter.Measure(repo, env, args);
            var name = run == 0 ? "maintenance (writes everything)" : run == options.Runs ? "maintenance --check" : $"maintenance (no change) #{run}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: exit {m.ExitCode}, wall {m.Wall.TotalSeconds:0.000} s, peak RSS {m.PeakRssBytes / 1048576.0:0} MiB"));
            failed |= m.ExitCode != 0;
            if (m.ExitCode != 0)
            {
                Console.WriteLine(m.Stderr);
            }
        }
        return failed ? 1 : 0;
    }
}
