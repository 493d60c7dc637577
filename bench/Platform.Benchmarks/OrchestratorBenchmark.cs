using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Platform.Benchmarks;

/// <summary>
/// The orchestrator on N work orders of two no-op modules each (default 2,000 work orders over 100
/// tenants), credited through payments.csv, on the local store: wall time and the platform's overhead
/// per module run.
/// </summary>
public static class OrchestratorBenchmark
{
    private const string NoOp = "#!/bin/sh\nprintf '{\"status\":\"COMPLETED\",\"files\":[]}' > \"$PLATFORM_RESULT_FILE\"\n";

    public static int Run(BenchOptions options, int workOrders)
    {
        // A fresh folder each time; the five newest are kept, and older ones deleted only after
        // measuring. On an ext4 without a journal every file created within minutes of many
        // deletions pays for a scan of the deleted inodes, so a run right after a clean-up would
        // measure the clean-up (bench/README.md).
        Directory.CreateDirectory(options.Work);
        var earlier = Directory.GetDirectories(options.Work, $"orchestrator-{workOrders}-*")
            .OrderByDescending(d => d, StringComparer.Ordinal).Skip(4).ToList();
        var repo = Path.Combine(options.Work, string.Create(CultureInfo.InvariantCulture, $"orchestrator-{workOrders}-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}"));
        Generate(repo, workOrders, tenants: Math.Max(1, workOrders / 20));
        var platform = options.PlatformDll;
        var env = new Dictionary<string, string> { ["PLATFORM_STORE"] = "local", ["PLATFORM_SANDBOX"] = options.Sandbox };
        var maintenance = ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "maintenance"]);
        if (maintenance.ExitCode != 0)
        {
            Console.WriteLine(maintenance.Stderr);
            return 1;
        }
        var machineBefore = MachineCpu();
        var run = ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "orchestrator", "--parallel", options.Parallel.ToString(CultureInfo.InvariantCulture)]);
        var machine = MachineCpu() - machineBefore;
        var runs = workOrders * 2;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"orchestrator (sandbox {options.Sandbox}): {workOrders:N0} work orders x 2 no-op modules: exit {run.ExitCode}, wall {run.Wall.TotalSeconds:0.00} s, peak RSS {run.PeakRssBytes / 1048576.0:0} MiB, {run.Wall.TotalMilliseconds / runs:0.00} ms per module run"));
        if (run.ExitCode != 0)
        {
            Console.WriteLine(run.Stderr);
        }
        // A sandbox's processes are reaped inside it, so their CPU never reaches the orchestrator's
        // rusage: the whole machine's CPU time (from /proc/stat) is the figure that includes them.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine CPU during the run: {machine.TotalSeconds:0.00} s ({machine.TotalMilliseconds / runs:0.00} ms per module run; includes anything else running)"));
        var again = ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "orchestrator"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"second run (nothing to do): wall {again.Wall.TotalSeconds:0.00} s"));
        // The same module run bare, one after another from a shell loop: what a module run costs
        // without the platform, so the rest of the orchestrator's CPU time is the platform's own.
        const int bareRuns = 1_000;
        var bare = ChildProcessMeter.Measure(repo, env, ["sh", "-c",
            $"i=0; while [ $i -lt {bareRuns} ]; do PLATFORM_RESULT_FILE=bare-result.json sh modules/NoA/run.sh; i=$((i+1)); done"]);
        var bareCpu = bare.Cpu.TotalMilliseconds / bareRuns;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU: {run.Cpu.TotalSeconds:0.00} s in all, {run.Cpu.TotalMilliseconds / runs:0.00} ms per module run; the bare module costs {bareCpu:0.00} ms, so the platform's own cost is {run.Cpu.TotalMilliseconds / runs - bareCpu:0.00} ms CPU per module run (start-up, charging and settlement included)"));
        // What the sandbox is measured against: a bare spawn of `sh -c true`, and the same in a
        // bubblewrap sandbox of its own (what a sandbox per module run would cost).
        const int spawns = 500;
        var spawn = ChildProcessMeter.Measure(repo, env, ["sh", "-c", $"i=0; while [ $i -lt {spawns} ]; do sh -c true; i=$((i+1)); done"]);
        var sandboxed = ChildProcessMeter.Measure(repo, env, ["sh", "-c",
            $"i=0; while [ $i -lt {spawns} ]; do bwrap --unshare-all --die-with-parent --new-session --cap-drop ALL --ro-bind / / --proc /proc --dev /dev sh -c true || exit 1; i=$((i+1)); done"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"spawn: `sh -c true` {spawn.Wall.TotalMilliseconds / spawns:0.00} ms wall; in a bubblewrap sandbox of its own {(sandboxed.ExitCode == 0 ? $"{sandboxed.Wall.TotalMilliseconds / spawns:0.00} ms" : "(bwrap failed)")}"));
        foreach (var folder in earlier)
        {
            Directory.Delete(folder, recursive: true);
        }
        if (earlier.Count > 0)
        {
            Console.WriteLine($"deleted {earlier.Count} earlier benchmark folder(s); on an ext4 without a journal the next few minutes' runs pay for it (bench/README.md)");
        }
        return run.ExitCode;
    }

    /// <summary>User + nice + system time of every CPU so far (the first line of /proc/stat, in clock ticks of 10 ms).</summary>
    private static TimeSpan MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = long.Parse(fields[1], CultureInfo.InvariantCulture) + long.Parse(fields[2], CultureInfo.InvariantCulture) + long.Parse(fields[3], CultureInfo.InvariantCulture);
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private static void Generate(string repo, int workOrders, int tenants)
    {
        var source = FindSourceRoot();
        foreach (var file in new[] { "config/global_reasons.yml", "config/platform_policy.yml", "config/billing/billing_defaults.csv", "config/billing/promotions.csv", "config/billing/topup_instructions.csv" })
        {
            Write(repo, file, File.ReadAllText(Path.Combine(source, file)));
        }
        foreach (var template in Directory.GetFiles(Path.Combine(source, "releases", "billing-state-v1")))
        {
            Write(repo, Path.Combine("releases", "billing-state-v1", Path.GetFileName(template)), File.ReadAllText(template));
        }
        Write(repo, "config/billing/module_prices.csv", "module_id,price_run_credits,price_save_to_release_credits,effective_from,effective_to,active,notes\n");
        var payments = new StringBuilder("payment_id,tenant_id,topup_method_id,amount_credits,reference,received_at,status,note\n");
        foreach (var (id, key, deps) in new[] { ("NoA", "Na1", ""), ("NoB", "Nb1", "NoA") })
        {
            Write(repo, $"modules/{id}/module.yml", $"module_id: {id}\nname: noop\nversion: 1.0.0\ndescription: does nothing\ndepends_on: [{deps}]\nsupports_downloadable_artifacts: false\ninputs: []\noutputs: []\ncache: {{enabled: false}}\nrequirements: []\nrun: {{command: [\"sh\", \"run.sh\"], timeout_seconds: 60}}\n");
            Write(repo, $"modules/{id}/validation.yml", $"reasons:\n  - {{reason_key: {key}, reason_slug: noop_failed, category_id: module, description: never}}\n");
            Write(repo, $"modules/{id}/run.sh", NoOp);
        }
        for (var t = 0; t < tenants; t++)
        {
            var tenant = "Bt" + t.ToString("D4", CultureInfo.InvariantCulture);
            Write(repo, $"tenants/{tenant}/tenant.yml", $"tenant_id: {tenant}\ntenant_name: Bench {t}\nstatus: ACTIVE\n");
            payments.Append(CultureInfo.InvariantCulture, $"Pay{t:D5},{tenant},BT,1000000,bench-{t},2026-01-01T00:00:00Z,CONFIRMED,\n");
        }
        for (var w = 0; w < workOrders; w++)
        {
            var tenant = "Bt" + (w % tenants).ToString("D4", CultureInfo.InvariantCulture);
            var id = "Wo" + w.ToString("D6", CultureInfo.InvariantCulture);
            Write(repo, $"tenants/{tenant}/workorders/{id}.yml", $"work_order_id: {id}\nenabled: true\nmode: PARTIAL_ALLOWED\nmodules:\n  - module_id: NoB\n    inputs: {{}}\n  - module_id: NoA\n    inputs: {{}}\n");
        }
        Write(repo, "config/billing/payments.csv", payments.ToString());
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    public static string FindSourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Platform.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Platform.slnx not found above the benchmark folder.");
    }
}
