using System.Globalization;
using Platform.Benchmarks;

// Reproducible benchmarks of the real CLI on generated workloads. Usage:
//   dotnet run -c Release --project bench/Platform.Benchmarks -- state [--work DIR] [--runs N] [--tenants N] [--transactions N] [--payments N]
//   dotnet run -c Release --project bench/Platform.Benchmarks -- store-traffic [--transactions N] [--tenants N] [--runs N]   (GitHub stand-in)
//   dotnet run -c Release --project bench/Platform.Benchmarks -- views [--work DIR] [--runs N] [--tenants N] [--transactions N]   (balance, statement, dashboard)
//   dotnet run -c Release --project bench/Platform.Benchmarks -- maintenance [--runs N]
//   dotnet run -c Release --project bench/Platform.Benchmarks -- orchestrator [--work-orders N] [--parallel N] [--protocol process|worker|both] [--strace-work-orders N]
//   dotnet run -c Release --project bench/Platform.Benchmarks -- generate-state --out DIR [--tenants N] [--transactions N]
//   dotnet run -c Release --project bench/Platform.Benchmarks -- generate-orchestrator --out DIR [--work-orders N] [--tenants N] [--protocol process|worker]
//   dotnet run -c Release --project bench/Platform.Benchmarks -- inspect-profile [--runs N]   (in-process, cold vs warm)
// --published measures the CLI as the workflows run it: published ReadyToRun (compiled ahead of time).
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: state | views | store-traffic | maintenance | orchestrator | inspect-profile | generate-state --out DIR   (see bench/README.md)");
    return 2;
}
if (args[0] == "measure-one")
{
    return ChildProcessMeter.MeasureOne(args[1..]);
}
var options = BenchOptions.Parse(args[1..]);
switch (args[0])
{
    case "generate-state":
        LargeStateGenerator.Write(options.Out ?? throw new ArgumentException("--out DIR is required"), options.Tenants, options.Transactions);
        return 0;
    case "generate-orchestrator":
        OrchestratorBenchmark.Generate(options.Out ?? throw new ArgumentException("--out DIR is required"), options.WorkOrders,
            args.Contains("--tenants") ? options.Tenants : Math.Max(1, options.WorkOrders / 20), options.Protocol == "worker");
        return 0;
    case "state":
        return StateBenchmark.Run(options);
    case "views":
        return ViewsBenchmark.Run(options);
    case "store-traffic":
        return StoreTrafficBenchmark.Run(args.Contains("--runs") ? options : options with { Runs = 5 });
    case "maintenance":
        return MaintenanceBenchmark.Run(options);
    case "orchestrator":
        return OrchestratorBenchmark.Run(options, options.WorkOrders);
    case "inspect-profile":
        return InspectProfile.Run(options);
    default:
        Console.Error.WriteLine($"unknown benchmark {args[0]}");
        return 2;
}

public sealed record BenchOptions(string? Out, string Work, int Runs, int Tenants, int Transactions, int WorkOrders, int Parallel, bool Published, string Sandbox,
    int Payments = 0, string Protocol = "both", int StraceWorkOrders = 200)
{
    private string? platform;

    /// <summary>
    /// The CLI to measure: the Release build next to the benchmarks, or with <c>--published</c> the
    /// ReadyToRun publish the workflows run, made once into the work folder.
    /// </summary>
    public string PlatformDll => platform ??= Published ? PublishedPlatform.Build(Work) : Path.Combine(AppContext.BaseDirectory, "platform.dll");

    public static BenchOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        return new BenchOptions(Value("--out"), Value("--work") ?? Path.Combine(OrchestratorBenchmark.FindSourceRoot(), "bench", ".work"),
            Number("--runs", 3), Number("--tenants", 10_000), Number("--transactions", 1_000_000), Number("--work-orders", 2_000), Number("--parallel", 4), args.Contains("--published"),
            Value("--sandbox") ?? "required", Number("--payments", 0), Value("--protocol") ?? "both", Number("--strace-work-orders", 200));
    }
}
