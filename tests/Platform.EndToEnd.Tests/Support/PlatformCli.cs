using System.Diagnostics;

namespace Platform.EndToEnd.Tests.Support;

/// <summary>Runs the real CLI (the built platform.dll) as a child process.</summary>
public static class PlatformCli
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "platform.dll");

    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"platform {string.Join(' ', args)} ran over two minutes");
        }
        return new CliResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the CLI without waiting, for tests that kill it midway.</summary>
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "PLATFORM_STORE", "PLATFORM_LOCAL_STORE_DIR", "PLATFORM_NOW", "GH_TOKEN", "GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }
        return Process.Start(start)!;
    }
}
