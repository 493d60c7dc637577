using System.Diagnostics;
using System.Globalization;

namespace Platform.Benchmarks;

/// <summary>
/// admin-topup and verify on a large generated state (default: 10,000 tenants, 1,000,000
/// transactions, 2,000,000 items), each run as the real CLI in its own process.
/// </summary>
public static class StateBenchmark
{
    public static int Run(BenchOptions options)
    {
        var repo = Path.Combine(options.Work, $"repo-{options.Tenants}-{options.Transactions}");
        var state = Path.Combine(repo, ".billing-state");
        var pristine = LargeStateGenerator.Pristine(options);
        if (Directory.Exists(repo))
        {
            Directory.Delete(repo, recursive: true);
        }
        Directory.CreateDirectory(state);
        foreach (var file in Directory.GetFiles(pristine))
        {
            File.Copy(file, Path.Combine(state, Path.GetFileName(file)));
        }
        var tenant = LargeStateGenerator.TenantIds(options.Tenants)[0];
        Directory.CreateDirectory(Path.Combine(repo, "tenants", tenant));
        File.WriteAllText(Path.Combine(repo, "tenants", tenant, "tenant.yml"), $"tenant_id: {tenant}\ntenant_name: Bench\n");
        Directory.CreateDirectory(Path.Combine(repo, "config", "billing"));
        File.WriteAllText(Path.Combine(repo, "config", "billing", "topup_instructions.csv"), "topup_method_id,name,enabled,instructions\nBT,Bank,true,\n");

        var sizes = Directory.GetFiles(state).Sum(f => new FileInfo(f).Length);
        Console.WriteLine($"state: {options.Tenants:N0} tenants, {options.Transactions:N0} transactions, {sizes / 1048576.0:0} MiB; {Environment.ProcessorCount} cores");
        var platform = options.PlatformDll;
        var env = new Dictionary<string, string> { ["PLATFORM_STORE"] = "none" };
        var failed = false;
        for (var run = 1; run <= options.Runs; run++)
        {
            var topup = ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "admin-topup", "--tenant-id", tenant,
                "--topup-method-id", "BT", "--amount-credits", "25", "--reference", $"bench-{Guid.NewGuid():N}"]);
            Report($"admin-topup #{run}", topup);
            var verify = ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "verify", "--only", "state"]);
            Report($"verify      #{run}", verify);
            failed |= topup.ExitCode != 0 || verify.ExitCode != 0;
        }
        return failed ? 1 : 0;
    }

    private static void Report(string name, Measurement m)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: exit {m.ExitCode}, wall {m.Wall.TotalSeconds:0.000} s, cpu {m.Cpu.TotalSeconds:0.000} s, peak RSS {m.PeakRssBytes / 1048576.0:0} MiB"));
        if (m.ExitCode != 0)
        {
            Console.WriteLine(m.Stderr);
        }
    }
}
