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
    /// <summary>The no-op module as a process: it writes its result file.</summary>
    private const string NoOp = "#!/bin/sh\nprintf '{\"status\":\"COMPLETED\",\"files\":[]}' > \"$PLATFORM_RESULT_FILE\"\n";

    /// <summary>
    /// The no-op module as a worker: one result line per request line. mawk reads each line whole
    /// (<c>-W interactive</c>: line by line, unbuffered output), where a shell's <c>read</c> takes a pipe
    /// one byte per system call (~500 per request line); started directly, one exec per worker.
    /// </summary>
    private const string NoOpWorker = """run: {command: ["awk", "-W", "interactive", "{ print \"{\\\"status\\\":\\\"COMPLETED\\\",\\\"files\\\":[]}\" }"], timeout_seconds: 60, protocol: worker}""";

    public static int Run(BenchOptions options, int workOrders)
    {
        // A fresh folder each time; the ten newest are kept, and older ones deleted only after
        // measuring. On an ext4 without a journal every file created within minutes of many
        // deletions pays for a scan of the deleted inodes, so a run right after a clean-up would
        // measure the clean-up (bench/README.md).
        Directory.CreateDirectory(options.Work);
        var earlier = Directory.GetDirectories(options.Work, "orchestrator-*")
            .OrderByDescending(d => File.GetCreationTimeUtc(d)).Skip(9).ToList();
        var env = new Dictionary<string, string> { ["PLATFORM_STORE"] = "local", ["PLATFORM_SANDBOX"] = options.Sandbox };
        var runs = workOrders * 2;
        var exit = 0;
        string? processRepo = null;
        var strace = File.Exists("/usr/bin/strace") ? "/usr/bin/strace" : null;
        foreach (var protocol in options.Protocol == "both" ? new[] { "process", "worker" } : [options.Protocol])
        {
            var repo = Fresh(options, workOrders, protocol);
            processRepo ??= repo;
            if (Orchestrate(options, env, repo, out var run, out var machine) is { } failed)
            {
                return failed;
            }
            exit = Math.Max(exit, run.ExitCode);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"orchestrator ({protocol} protocol, sandbox {options.Sandbox}): {workOrders:N0} work orders x 2 no-op modules: exit {run.ExitCode}, wall {run.Wall.TotalSeconds:0.00} s ({run.Wall.TotalMilliseconds / runs:0.000} ms per module run), peak RSS {run.PeakRssBytes / 1048576.0:0} MiB"));
            // A sandbox's processes are reaped inside it, so their CPU never reaches the orchestrator's
            // rusage: the whole machine's CPU time (from /proc/stat) is the figure that includes them.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU per module run: {run.Cpu.TotalMilliseconds / runs:0.000} ms (system {run.SystemCpu.TotalMilliseconds / runs:0.000} ms) of the orchestrator and what it reaped; machine {machine.Total.TotalMilliseconds / runs:0.000} ms (system {machine.System.TotalMilliseconds / runs:0.000} ms; includes anything else running)"));
            if (strace is not null && options.StraceWorkOrders > 0)
            {
                Console.WriteLine("  " + Syscalls(options, env, strace, protocol, Math.Min(workOrders, options.StraceWorkOrders)));
            }
        }
        // The same module run bare, one after another from a shell loop: what a module run costs
        // without the platform, so the rest of the orchestrator's CPU time is the platform's own.
        const int bareRuns = 1_000;
        var bare = ChildProcessMeter.Measure(processRepo!, env, ["sh", "-c",
            $"i=0; while [ $i -lt {bareRuns} ]; do PLATFORM_RESULT_FILE=bare-result.json sh modules/NoA/run.sh; i=$((i+1)); done"]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bare module (process, from a shell loop): {bare.Cpu.TotalMilliseconds / bareRuns:0.000} ms CPU per run (system {bare.SystemCpu.TotalMilliseconds / bareRuns:0.000} ms)"));
        // The machine's floor: `sh -c true` spawned from this process, bare and in a bubblewrap sandbox
        // of its own (what a sandbox per module run would cost).
        const int spawns = 500;
        Console.WriteLine("spawn floor, in-process posix_spawn + waitpid, " + spawns + " times: `sh -c true` " + Show(BareSpawn.Measure(["sh", "-c", "true"], spawns))
            + "; in a bubblewrap sandbox of its own " + Show(BareSpawn.Measure(["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
                "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "sh", "-c", "true"], spawns)));
        foreach (var folder in earlier)
        {
            Directory.Delete(folder, recursive: true);
        }
        if (earlier.Count > 0)
        {
            Console.WriteLine($"deleted {earlier.Count} earlier benchmark folder(s); on an ext4 without a journal the next few minutes' runs pay for it (bench/README.md)");
        }
        return exit;
    }

    private static string Show((TimeSpan Wall, TimeSpan Cpu, TimeSpan System)? spawn) => spawn is var (wall, cpu, system)
        ? string.Create(CultureInfo.InvariantCulture, $"{wall.TotalMilliseconds:0.000} ms wall, {cpu.TotalMilliseconds:0.000} ms CPU (system {system.TotalMilliseconds:0.000} ms)")
        : "(failed)";

    private static string Fresh(BenchOptions options, int workOrders, string protocol)
    {
        var repo = Path.Combine(options.Work, string.Create(CultureInfo.InvariantCulture,
            $"orchestrator-{protocol}-{workOrders}-{DateTime.UtcNow:yyyyMMddHHmmss}-{Environment.ProcessId}"));
        Generate(repo, workOrders, tenants: Math.Max(1, workOrders / 20), worker: protocol == "worker");
        return repo;
    }

    /// <summary>Maintenance, then the measured orchestrator run; an exit code when maintenance failed.</summary>
    private static int? Orchestrate(BenchOptions options, Dictionary<string, string> env, string repo, out Measurement run, out (TimeSpan Total, TimeSpan System) machine)
    {
        var maintenance = ChildProcessMeter.Measure(repo, env, ["dotnet", options.PlatformDll, "maintenance"]);
        if (maintenance.ExitCode != 0)
        {
            Console.WriteLine(maintenance.Stderr);
            (run, machine) = (maintenance, default);
            return 1;
        }
        var before = MachineCpu();
        run = ChildProcessMeter.Measure(repo, env, ["dotnet", options.PlatformDll, "orchestrator", "--parallel", options.Parallel.ToString(CultureInfo.InvariantCulture)]);
        var after = MachineCpu();
        machine = (after.Total - before.Total, after.System - before.System);
        if (run.ExitCode != 0)
        {
            Console.WriteLine(run.Stderr);
        }
        return null;
    }

    /// <summary>
    /// System calls per module run: a fresh repository of N work orders run under <c>strace -f -c</c>,
    /// less a run with nothing to do (start-up and the state); the table is kept beside the repository.
    /// </summary>
    private static string Syscalls(BenchOptions options, Dictionary<string, string> env, string strace, string protocol, int workOrders)
    {
        var repo = Fresh(options, workOrders, protocol);
        var maintenance = ChildProcessMeter.Measure(repo, env, ["dotnet", options.PlatformDll, "maintenance"]);
        long? Calls(string name)
        {
            var table = Path.Combine(repo, name);
            var run = ChildProcessMeter.Measure(repo, env, [strace, "-f", "-c", "-o", table, "dotnet", options.PlatformDll, "orchestrator"]);
            var total = run.ExitCode == 0 && File.Exists(table) ? File.ReadLines(table).LastOrDefault(l => l.TrimEnd().EndsWith(" total", StringComparison.Ordinal)) : null;
            return total?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3] is { } calls ? long.Parse(calls, CultureInfo.InvariantCulture) : null;
        }
        var busy = maintenance.ExitCode == 0 ? Calls("strace-run.txt") : null;
        var idle = busy is null ? null : Calls("strace-idle.txt");
        return busy is long b && idle is long i
            ? string.Create(CultureInfo.InvariantCulture, $"syscalls ({workOrders} work orders under strace -f -c): {(b - i) / (2.0 * workOrders):0} per module run ({b:N0} in all, {i:N0} with nothing to run); table in {Path.Combine(repo, "strace-run.txt")}")
            : "syscalls: strace failed";
    }

    /// <summary>User + nice + system time of every CPU so far, and the system part (the first line of /proc/stat, in clock ticks of 10 ms).</summary>
    private static (TimeSpan Total, TimeSpan System) MachineCpu()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var system = long.Parse(fields[3], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[1], CultureInfo.InvariantCulture) + long.Parse(fields[2], CultureInfo.InvariantCulture) + system;
        return (TimeSpan.FromMilliseconds(ticks * 10), TimeSpan.FromMilliseconds(system * 10));
    }

    /// <summary>The benchmark's repository (before maintenance): N work orders of NoB after NoA over the tenants.</summary>
    public static void Generate(string repo, int workOrders, int tenants, bool worker)
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
            Write(repo, $"modules/{id}/module.yml", $"module_id: {id}\nname: noop\nversion: 1.0.0\ndescription: does nothing\ndepends_on: [{deps}]\nsupports_downloadable_artifacts: false\ninputs: []\noutputs: []\ncache: {{enabled: false}}\nrequirements: []\n{(worker ? NoOpWorker : "run: {command: [\"sh\", \"run.sh\"], timeout_seconds: 60}")}\n");
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
