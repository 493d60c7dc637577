using System.Diagnostics;

namespace Platform.EndToEnd.Tests.Support;

/// <summary>Runs the real CLI (the built platform.dll) as a child process.</summary>
public static class PlatformCli
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "platform.dll");

    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Wait(Start(workingDirectory, environment, args), args);

    /// <summary>
    /// Runs the CLI in a mount namespace of its own after <paramref name="setup"/> (a shell command,
    /// such as a read-only bind mount): file-system faults that stop root too, undone when it exits.
    /// </summary>
    public static CliResult RunUnder(string setup, string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        Wait(StartProgram(workingDirectory, environment, ["-m", "sh", "-c", setup + " && exec \"$@\"", "sh", "dotnet", DllPath, .. args], "unshare"), args);

    private static CliResult Wait(Process started, string[] args)
    {
        using var process = started;
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
    public static Process Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        StartProgram(workingDirectory, environment, [DllPath, .. args], "dotnet");

    private static Process StartProgram(string workingDirectory, IReadOnlyDictionary<string, string>? environment, string[] args, string program)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "PLATFORM_STORE", "PLATFORM_LOCAL_STORE_DIR", "PLATFORM_NOW", "GH_TOKEN", "GITHUB_TOKEN", "GITHUB_REPOSITORY", "GITHUB_API_URL",
                     // Tests run in CI too: the CLI under test must not write to that job's summary or annotate it.
                     "GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "PLATFORM_SUMMARY_FILE" })
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
