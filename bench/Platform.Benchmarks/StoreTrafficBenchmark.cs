using System.Diagnostics;
using System.Globalization;
using Platform.Tests.Shared;

namespace Platform.Benchmarks;

/// <summary>
/// What one state transaction costs in store traffic (SPEC 8.5, docs/state-store.md): the real CLI
/// with <c>PLATFORM_STORE=github</c> against the GitHub stand-in, on the generated state of the
/// <c>state</c> benchmark, seeded in the v1 layout (plain assets + state_manifest.json) as the Python
/// platform left it. Scenarios: adoption, warm postings, a posting one generation behind, a cold
/// posting, verify from scratch; each with requests, content-creating requests, bytes up and down.
/// </summary>
public static class StoreTrafficBenchmark
{
    private const string Tag = "billing-state-v1";
    private const long MiB = 1 << 20;

    public static int Run(BenchOptions options)
    {
        var pristine = Path.Combine(options.Work, $"state-{options.Tenants}-{options.Transactions}");
        if (!File.Exists(Path.Combine(pristine, "state_manifest.json")))
        {
            var clock = Stopwatch.StartNew();
            LargeStateGenerator.Write(pristine, options.Tenants, options.Transactions);
            Console.WriteLine($"generated {pristine} in {clock.Elapsed.TotalSeconds:0.0} s");
        }
        var repo = Path.Combine(options.Work, $"store-repo-{options.Tenants}-{options.Transactions}");
        if (Directory.Exists(repo))
        {
            Directory.Delete(repo, recursive: true);
        }
        var tenant = LargeStateGenerator.TenantIds(options.Tenants)[0];
        Directory.CreateDirectory(Path.Combine(repo, "tenants", tenant));
        File.WriteAllText(Path.Combine(repo, "tenants", tenant, "tenant.yml"), $"tenant_id: {tenant}\ntenant_name: Bench\n");
        Directory.CreateDirectory(Path.Combine(repo, "config", "billing"));
        File.WriteAllText(Path.Combine(repo, "config", "billing", "topup_instructions.csv"), "topup_method_id,name,enabled,instructions\nBT,Bank,true,\n");
        var templates = Path.Combine(repo, "releases", Tag);
        Directory.CreateDirectory(templates);
        foreach (var template in Directory.GetFiles(Path.Combine(OrchestratorBenchmark.FindSourceRoot(), "releases", Tag)))
        {
            File.Copy(template, Path.Combine(templates, Path.GetFileName(template)));
        }

        using var github = GitHubStandIn.Start(new GitHubStandInOptions { MaxRequestBytes = int.MaxValue });
        github.SeedRelease(Tag);
        long stateBytes = 0;
        foreach (var file in Directory.GetFiles(pristine))
        {
            var bytes = File.ReadAllBytes(file);
            stateBytes += bytes.Length;
            github.SeedAsset(Tag, Path.GetFileName(file), bytes);
        }
        Console.WriteLine($"state: {options.Tenants:N0} tenants, {options.Transactions:N0} transactions, {stateBytes / (double)MiB:0.0} MiB, seeded in the v1 layout; {Environment.ProcessorCount} cores");
        Console.WriteLine("must hold: a posting uploads <= 1 MiB and, warm, downloads <= 1 MiB; <= 6 content-creating requests per state transaction");

        var env = new Dictionary<string, string>(github.Environment) { ["PLATFORM_STORE"] = "github" };
        var platform = options.PlatformDll;
        var failed = false;
        Sample Step(string machine, params string[] command)
        {
            var before = github.Traffic.Snapshot();
            var m = ChildProcessMeter.Measure(repo, env, ["dotnet", platform, .. command, "--billing-state-dir", Path.Combine(repo, "machines", machine)]);
            var sample = new Sample(github.Traffic.Snapshot() - before, m);
            if (m.ExitCode != 0)
            {
                failed = true;
                Console.WriteLine($"  {string.Join(' ', command)} on {machine}: exit {m.ExitCode}\n{m.Stderr}");
            }
            return sample;
        }
        Sample Topup(string machine) => Step(machine, "admin-topup", "--tenant-id", tenant, "--topup-method-id", "BT", "--amount-credits", "25", "--reference", $"bench-{Guid.NewGuid():N}");

        Report("1. adoption (cold, first write)", Topup("a"), Check.Requests);
        var warm = new List<Sample>();
        for (var run = 1; run <= options.Runs; run++)
        {
            warm.Add(Topup("a"));
            Report($"2. warm posting #{run}", warm[^1], Check.All);
        }
        Report("2. warm posting, median", Sample.Median(warm), Check.All);
        Report("4. cold posting (empty folder)", Topup("b"), Check.RequestsAndUp);
        var behind = new List<Sample>();
        for (var run = 1; run <= options.Runs; run++)
        {
            if (run > 1) // the first time, b's cold posting is the generation a lacks
            {
                Report($"   other machine (b) posts #{run}", Topup("b"), Check.All);
            }
            behind.Add(Topup("a"));
            Report($"3. one generation behind #{run}", behind[^1], Check.All);
        }
        Report("3. one generation behind, median", Sample.Median(behind), Check.All);
        Report("5. verify from scratch (cold read)", Step("c", "verify", "--only", "state"), Check.Requests);

        var assets = github.Assets(Tag);
        var manifest = github.ReadFile("refs/heads/platform-state", "manifest.json");
        Console.WriteLine($"store: {assets.Count} assets in {Tag} ({assets.Count(a => a.Name.StartsWith("pack.", StringComparison.Ordinal))} packs, "
            + $"{assets.Count(a => a.Name.StartsWith("legacy-v1.", StringComparison.Ordinal))} legacy-v1.*); manifest.json {Size(manifest?.Length ?? -1)}");
        return failed ? 1 : 0;
    }

    /// <summary>Which must-hold figures apply: adoption uploads the whole state once, a cold run downloads it.</summary>
    private enum Check { Requests, RequestsAndUp, All }

    private static void Report(string name, Sample s, Check check)
    {
        var t = s.Traffic;
        var holds = t.ContentCreatingRequests <= 6 && (check == Check.Requests || t.BytesReceived <= MiB) && (check != Check.All || t.BytesSent <= MiB);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {t.Requests} requests, {t.ContentCreatingRequests} content-creating, {Size(t.BytesReceived)} up, {Size(t.BytesSent)} down, "
            + $"wall {s.Wall.TotalSeconds:0.000} s, cpu {s.Cpu.TotalSeconds:0.000} s, peak RSS {s.PeakRssBytes / (double)MiB:0} MiB{(holds ? "" : "  [above the must-hold figures]")}"));
        Console.WriteLine("    " + string.Join(", ", t.ByRoute.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} x{r.Value}")));
    }

    private static string Size(long bytes) => bytes < MiB
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)MiB:0.0} MiB");

    private sealed record Sample(StandInTrafficSnapshot Traffic, TimeSpan Wall, TimeSpan Cpu, long PeakRssBytes)
    {
        public Sample(StandInTrafficSnapshot traffic, Measurement m) : this(traffic, m.Wall, m.Cpu, m.PeakRssBytes)
        {
        }

        /// <summary>The median of each figure on its own; the routes are the median sample's by bytes up.</summary>
        public static Sample Median(IReadOnlyList<Sample> samples)
        {
            T Mid<T>(Func<Sample, T> figure) => samples.Select(figure).Order().ElementAt(samples.Count / 2);
            var t = samples.OrderBy(s => s.Traffic.BytesReceived).ElementAt(samples.Count / 2).Traffic;
            return new Sample(
                new StandInTrafficSnapshot(Mid(s => s.Traffic.Requests), Mid(s => s.Traffic.ContentCreatingRequests), Mid(s => s.Traffic.BytesReceived),
                    Mid(s => s.Traffic.BytesSent), 0, t.ByRoute),
                Mid(s => s.Wall), Mid(s => s.Cpu), Mid(s => s.PeakRssBytes));
        }
    }
}
