using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Platform.Orchestration.ModuleRunner.Sandbox;

/// <summary>
/// The sandboxes of one orchestrator run: one per tenant (one per tenant and module for a module with
/// secrets, and apart for modules with network), started on first use and reused by that tenant's
/// later runs, so the cost of starting one (~50 ms) is paid per tenant, not per module run. Idle
/// sandboxes beyond <paramref name="maxIdle"/> are closed; all of them are closed on dispose.
/// </summary>
/// <param name="supervisor">The command that starts a <see cref="SandboxSupervisor"/> (see <see cref="SupervisorCommand"/>).</param>
/// <param name="platformEnvironment">The platform's environment: only PATH and DOTNET_ROOT are taken from it.</param>
public sealed class Sandboxes(IReadOnlyList<string> supervisor, IReadOnlyDictionary<string, string> platformEnvironment, int maxIdle = 8)
    : IDisposable
{
    private readonly Dictionary<SandboxPlace, TenantSandbox> open = [];
    private readonly string path = platformEnvironment.GetValueOrDefault("PATH") is { Length: > 0 } p ? p : ModuleEnvironment.FallbackPath;
    private bool disposed;

    /// <summary>
    /// The command that starts a supervisor from this program: <c>dotnet platform.dll sandbox-supervisor</c>
    /// under the dotnet host, <c>platform sandbox-supervisor</c> for a published executable.
    /// </summary>
    public static IReadOnlyList<string> SupervisorCommand(string? platformDll = null)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        if (platformDll is not null || Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            return [host, platformDll ?? Assembly.GetEntryAssembly()!.Location, SandboxSupervisor.CommandName];
        }
        return [host, SandboxSupervisor.CommandName];
    }

    internal WatchOutcome Run(SandboxPlace place, WatchRequest request, CancellationToken cancellationToken)
    {
        var sandbox = Open(place);
        try
        {
            return sandbox.Run(request, cancellationToken);
        }
        finally
        {
            CloseIdleBeyondLimit();
        }
    }

    /// <summary>
    /// Starts the sandbox for these runs now, if it is not running: it then starts (~50 ms) while
    /// other work goes on, instead of while the runs wait for it.
    /// </summary>
    internal void Prepare(SandboxPlace place) => Open(place);

    public void Dispose()
    {
        List<TenantSandbox> all;
        lock (open)
        {
            disposed = true;
            all = [.. open.Values];
            open.Clear();
        }
        Parallel.ForEach(all, sandbox => sandbox.Dispose());
    }

    private TenantSandbox Open(SandboxPlace place)
    {
        lock (open)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (open.TryGetValue(place, out var sandbox) && !sandbox.Ended)
            {
                return sandbox;
            }
            sandbox?.Dispose();
            sandbox = new TenantSandbox(SandboxLauncher.Start(StartInfo(place)));
            open[place] = sandbox;
            return sandbox;
        }
    }

    private void CloseIdleBeyondLimit()
    {
        List<TenantSandbox> closing;
        lock (open)
        {
            var idle = open.Where(o => o.Value.Active == 0).OrderBy(o => o.Value.LastUsed).ToList();
            closing = [];
            foreach (var (place, sandbox) in idle.Take(Math.Max(0, idle.Count - maxIdle)))
            {
                open.Remove(place);
                closing.Add(sandbox);
            }
        }
        foreach (var sandbox in closing)
        {
            sandbox.Dispose();
        }
    }

    private ProcessStartInfo StartInfo(SandboxPlace place)
    {
        Directory.CreateDirectory(place.RunsFolder);
        Directory.CreateDirectory(place.ScratchFolder);
        var start = new ProcessStartInfo(Bubblewrap.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Bubblewrap.Arguments(place, ReadOnlyFolders(place), supervisor))
        {
            start.ArgumentList.Add(arg);
        }
        // The supervisor gets nothing of the platform's environment beyond what starts .NET.
        start.Environment.Clear();
        start.Environment["PATH"] = path;
        start.Environment["HOME"] = "/tmp";
        start.Environment["LANG"] = ModuleEnvironment.Lang;
        start.Environment["DOTNET_ROOT"] = DotnetRoot();
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.Environment["DOTNET_TieredPGO"] = "0";
        start.Environment["DOTNET_gcServer"] = "0";
        return start;
    }

    /// <summary>What the supervisor and the modules' programs need besides the system folders.</summary>
    private List<string> ReadOnlyFolders(SandboxPlace place)
    {
        var wanted = new List<string> { place.ModulesFolder, DotnetRoot(), AppContext.BaseDirectory.TrimEnd('/') };
        wanted.AddRange(supervisor.Take(supervisor.Count - 1).Where(Path.IsPathRooted).Select(p => Path.GetDirectoryName(p)!));
        wanted.AddRange(path.Split(':').Where(d => Path.IsPathRooted(d) && Directory.Exists(d)));
        if (place.Python)
        {
            wanted.AddRange(Python.PythonInterpreter.Find(path).Folders);
        }
        var kept = new List<string>();
        foreach (var folder in wanted.Select(f => Path.GetFullPath(f).TrimEnd('/')).Distinct(StringComparer.Ordinal))
        {
            var covered = folder.Length == 0 || new[] { "/usr", "/etc", "/opt", "/bin", "/sbin" }.Any(s => Inside(folder, s));
            // A folder above the tenant's own (say, /tmp or a home folder on PATH) would show every tenant's runs.
            var tooWide = Inside(place.RunsFolder, folder) || Inside(place.ScratchFolder, folder);
            if (!covered && !tooWide && Directory.Exists(folder))
            {
                kept.Add(folder);
            }
        }
        return kept;
    }

    private static bool Inside(string path, string folder) =>
        path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    private static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "../../.."));
}

/// <summary>
/// Starts every sandbox from one thread that lives as long as the process: bubblewrap's
/// <c>--die-with-parent</c> fires when the thread that started it ends, not only the process.
/// </summary>
internal static class SandboxLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Done)> Requests = [];

    static SandboxLauncher()
    {
        new Thread(() =>
        {
            foreach (var (start, done) in Requests.GetConsumingEnumerable())
            {
                try
                {
                    done.SetResult(Process.Start(start)!);
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "sandbox launcher" }.Start();
    }

    public static Process Start(ProcessStartInfo start)
    {
        var done = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        Requests.Add((start, done));
        return done.Task.GetAwaiter().GetResult();
    }
}
