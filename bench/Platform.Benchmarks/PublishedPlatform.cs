using System.Diagnostics;

namespace Platform.Benchmarks;

/// <summary>Publishes the CLI the way the workflows do (ReadyToRun, linux-x64) into the work folder.</summary>
public static class PublishedPlatform
{
    public static string Build(string work)
    {
        var output = Path.Combine(work, "publish");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                "publish", Path.Combine(OrchestratorBenchmark.FindSourceRoot(), "src", "Platform.Cli"),
                "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=true", "-o", output,
            },
            RedirectStandardOutput = true,
        };
        using var publish = Process.Start(start)!;
        var log = publish.StandardOutput.ReadToEnd();
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + log);
        }
        return Path.Combine(output, "platform.dll");
    }
}
