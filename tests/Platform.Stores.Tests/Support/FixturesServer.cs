using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Platform.Files.Files;
using Platform.State.Stores;

namespace Platform.Stores.Tests.Support;

/// <summary>
/// The recorded GitHub responses of <c>@octokit/fixtures-server</c>, served on 127.0.0.1 at a port
/// the OS picks. The npm package is installed once into a cache folder (a few seconds the first
/// time), the server is started once per test run and killed at its end. Each scenario loaded gets
/// its own base URL and answers only the recorded requests, in the recorded order.
/// </summary>
public sealed class FixturesServer : IDisposable
{
    public const string PackageVersion = "8.1.7";

    /// <summary>The token the recordings were normalised to.</summary>
    public const string Token = "0000000000000000000000000000000000000001";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    // Our own starter: the package's CLI listens on every interface, this one on loopback only,
    // and exits when the test process closes its standard input (however the test process ends).
    private const string StartScript = """
        import http from "node:http";
        import express from "express";
        import fixturesServer from "@octokit/fixtures-server";
        const app = express();
        const server = http.createServer(app);
        server.listen(0, "127.0.0.1", () => {
          const port = server.address().port;
          app.use(fixturesServer({ port, fixturesUrl: `http://127.0.0.1:${port}`, logLevel: "silent", ttl: 600000 }));
          console.log(`listening ${port}`);
        });
        process.stdin.on("end", () => process.exit(0));
        process.stdin.resume();
        """;

    private readonly Process process;
    private readonly HttpClient http = new();

    public FixturesServer()
    {
        var clock = Stopwatch.StartNew();
        var folder = InstallFolder();
        Install(folder);
        InstallTime = clock.Elapsed;
        var script = Path.Combine(folder, "start-loopback.mjs");
        AtomicFile.WriteAllText(script, StartScript);
        process = Process.Start(new ProcessStartInfo("node", [script])
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("could not start node");
        // Both pipes are drained for the server's whole life, so its output can never fill one and stall it.
        var errors = process.StandardError.ReadToEndAsync();
        var line = process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout).GetAwaiter().GetResult();
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the fixtures server did not start: {line} {errors.WaitAsync(StartTimeout).GetAwaiter().GetResult()}");
        }
        _ = process.StandardOutput.ReadToEndAsync();
        BaseUrl = new Uri($"http://127.0.0.1:{int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture)}");
        StartTime = clock.Elapsed - InstallTime;
    }

    public Uri BaseUrl { get; }

    public TimeSpan InstallTime { get; }

    public TimeSpan StartTime { get; }

    /// <summary>Loads a recorded scenario and returns the API base URL that replays it.</summary>
    public Uri Load(string scenario)
    {
        using var response = http.PostAsJsonAsync(new Uri(BaseUrl, "/fixtures"), new { scenario }).GetAwaiter().GetResult();
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
        return new Uri(body?["url"]?.GetValue<string>() ?? throw new InvalidOperationException("the fixtures server gave no url"));
    }

    public void Dispose()
    {
        http.Dispose();
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }

    private static string InstallFolder()
    {
        var root = Environment.GetEnvironmentVariable("PLATFORM_TEST_CACHE");
        if (string.IsNullOrEmpty(root))
        {
            var home = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            root = Path.Combine(string.IsNullOrEmpty(home) ? Path.GetTempPath() : home, "platform-tests");
        }
        var folder = Path.Combine(root, $"octokit-fixtures-server-{PackageVersion}");
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Runs npm install unless a previous run already did; a lock keeps parallel test runs from racing.</summary>
    private static void Install(string folder)
    {
        var marker = Path.Combine(folder, "node_modules", "@octokit", "fixtures-server", "package.json");
        if (File.Exists(marker))
        {
            return;
        }
        using var lease = FileLease.Acquire(folder + ".lock", InstallTimeout);
        if (File.Exists(marker))
        {
            return;
        }
        var start = new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error", $"@octokit/fixtures-server@{PackageVersion}"])
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("could not start npm");
        var output = npm.StandardOutput.ReadToEndAsync();
        var error = npm.StandardError.ReadToEndAsync();
        if (!npm.WaitForExit(InstallTimeout))
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"npm install of @octokit/fixtures-server did not finish in {InstallTimeout}");
        }
        if (npm.ExitCode != 0 || !File.Exists(marker))
        {
            throw new InvalidOperationException($"npm install of @octokit/fixtures-server failed ({npm.ExitCode}): {output.Result} {error.Result}");
        }
    }
}
