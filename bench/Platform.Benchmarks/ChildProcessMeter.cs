using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Platform.Benchmarks;

/// <param name="Cpu">User + system CPU of the child and everything it reaped.</param>
/// <param name="SystemCpu">The system (kernel) part of <see cref="Cpu"/>.</param>
public sealed record Measurement(int ExitCode, TimeSpan Wall, long PeakRssBytes, TimeSpan Cpu, string Stdout, string Stderr, TimeSpan SystemCpu = default);

/// <summary>
/// Runs one command as a child process and measures its wall time and peak resident memory
/// (getrusage of the reaped children: this process runs exactly one child per measurement,
/// so <see cref="Measure"/> runs itself in a fresh process for each one).
/// </summary>
public static partial class ChildProcessMeter
{
    private const int RusageChildren = -1;

    public static Measurement Measure(string workingDirectory, IReadOnlyDictionary<string, string> environment, IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var self = typeof(ChildProcessMeter).Assembly.Location;
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(self);
        }
        start.ArgumentList.Add("measure-one");
        foreach (var part in command)
        {
            start.ArgumentList.Add(part);
        }
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var report = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Split(' ');
        return new Measurement(int.Parse(report[0], System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromTicks(long.Parse(report[1], System.Globalization.CultureInfo.InvariantCulture)),
            long.Parse(report[2], System.Globalization.CultureInfo.InvariantCulture),
            TimeSpan.FromTicks(long.Parse(report[3], System.Globalization.CultureInfo.InvariantCulture)), stdout.Result, stderr.Result,
            TimeSpan.FromTicks(long.Parse(report[4], System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The inner half: run the command, then print "exit wall_ticks peak_rss_bytes cpu_ticks system_cpu_ticks".</summary>
    public static int MeasureOne(IReadOnlyList<string> command)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var part in command.Skip(1))
        {
            start.ArgumentList.Add(part);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        var wall = clock.Elapsed;
        Console.Error.Write(stderr.Result);
        Console.Error.Write(stdout.Result);
        var (peak, cpu, system) = UsageOfChildren();
        Console.WriteLine($"{process.ExitCode} {wall.Ticks} {peak} {cpu.Ticks} {system.Ticks}");
        return 0;
    }

    /// <summary>
    /// Peak RSS and user+system CPU time of the reaped children. CPU time is reported beside wall
    /// time because a shared machine makes wall time noisy.
    /// </summary>
    private static (long PeakRssBytes, TimeSpan Cpu, TimeSpan System) UsageOfChildren()
    {
        var usage = new long[18];
        if (GetRusage(RusageChildren, usage) != 0)
        {
            return (-1, TimeSpan.Zero, TimeSpan.Zero);
        }
        // struct rusage: ru_utime and ru_stime (timevals: seconds, microseconds), then ru_maxrss in KiB.
        var cpu = TimeSpan.FromSeconds(usage[0] + usage[2]) + TimeSpan.FromMicroseconds(usage[1] + usage[3]);
        var system = TimeSpan.FromSeconds(usage[2]) + TimeSpan.FromMicroseconds(usage[3]);
        return (usage[4] * 1024, cpu, system);
    }

    [LibraryImport("libc", EntryPoint = "getrusage")]
    private static partial int GetRusage(int who, [Out] long[] usage);
}
