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
        if (options.Payments > 0)
        {
            failed |= !ReconcilePayments(repo, tenant, platform, env, options);
        }
        return failed ? 1 : 0;
    }

    /// <summary>
    /// A payments.csv of <c>--payments</c> CONFIRMED rows: the first reconcile-payments posts them,
    /// every later one finds them all posted and checks each against what the ledger holds.
    /// </summary>
    private static bool ReconcilePayments(string repo, string tenant, string platform, Dictionary<string, string> env, BenchOptions options)
    {
        var rows = Enumerable.Range(0, options.Payments).Select(i =>
            string.Create(CultureInfo.InvariantCulture, $"Pb{i:D6},{tenant},BT,{10 + i},wire-{i},2026-01-02T09:00:00Z,CONFIRMED,"));
        File.WriteAllText(Path.Combine(repo, "config", "billing", "payments.csv"),
            "payment_id,tenant_id,topup_method_id,amount_credits,reference,received_at,status,note\n" + string.Join("\n", rows) + "\n");
        var ok = true;
        for (var run = 0; run <= options.Runs; run++)
        {
            var reconcile = ChildProcessMeter.Measure(repo, env, ["dotnet", platform, "reconcile-payments"]);
            Report(run == 0 ? $"reconcile-payments, posts {options.Payments}" : $"reconcile-payments #{run}, all posted", reconcile);
            ok &= reconcile.ExitCode == 0;
        }
        return ok;
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
