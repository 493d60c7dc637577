using Microsoft.Extensions.Time.Testing;
using System.Text.Json.Nodes;
using Platform.Domain.Ids;
using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.ModuleRunner.Sandbox;

namespace Platform.Orchestration.Tests.ModuleRunner;

/// <summary>
/// A module folder and a runtime dir in a fresh temp folder, with a POSIX sh script as the module.
/// The platform environment it hands the runner holds the GitHub tokens and an undeclared variable,
/// so every test would notice one leaking. A sandboxed fixture runs its modules in bubblewrap
/// sandboxes, with this test folder's platform.dll as the supervisor.
/// </summary>
internal sealed class ModuleFixture : IDisposable
{
    private readonly Sandboxes? sandboxes;

    public static readonly ModuleId Module = ModuleId.Parse("U2T", "module_id");
    public static readonly TenantId Tenant = TenantId.Parse("Ab12Cd", "tenant_id");
    public static readonly WorkOrderId WorkOrder = WorkOrderId.Parse("UbjkpxZO", "work_order_id");

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("platform-runner-");

    public ModuleFixture(bool sandboxed = false)
    {
        Directory.CreateDirectory(ModuleDirectory);
        Directory.CreateDirectory(RuntimeDirectory);
        Environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = System.Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["U2T_API_KEY"] = "secret-value-1",
            ["API_KEY"] = "not-the-module-secret",
            ["GITHUB_TOKEN"] = "ghp_must_not_leak",
            ["GH_TOKEN"] = "gho_must_not_leak",
            ["UNDECLARED"] = "must-not-leak",
            ["HOME"] = "/root",
        };
        if (sandboxed)
        {
            Assert.Null(Bubblewrap.Probe());
            sandboxes = new Sandboxes(Sandboxes.SupervisorCommand(Path.Combine(AppContext.BaseDirectory, "platform.dll")), Environment);
        }
    }

    /// <summary>A number no other test's process carries: a sleeper started as <c>sleep {Token}</c> can be found on the host by it.</summary>
    public string Token { get; } = "300." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public string Root => root.FullName;

    public string ModuleDirectory => Path.Combine(Root, "modules", Module.Value);

    public string RuntimeDirectory => Path.Combine(Root, "runtime");

    public Dictionary<string, string> Environment { get; }

    public ModuleRunnerLimits Limits { get; set; } = ModuleRunnerLimits.Default;

    /// <summary>Moves one second per reading, so tests can tell its readings apart.</summary>
    public FakeTimeProvider Clock { get; } = new(Start) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };

    public static DateTimeOffset Start { get; } = new(2026, 1, 4, 18, 37, 22, TimeSpan.Zero);

    /// <summary>Writes <c>run.sh</c> (made executable) into the module folder; scripts stop at the first failing command.</summary>
    public void Script(string body, string relativePath = "run.sh")
    {
        var path = Path.Combine(ModuleDirectory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\nset -eu\n" + body.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public ModuleLaunch Launch(
        IReadOnlyList<string>? command = null,
        TimeSpan? timeout = null,
        IReadOnlyList<string>? secretKeys = null,
        IReadOnlyDictionary<ModuleId, string>? upstream = null,
        JsonObject? inputs = null) =>
        new(
            Module,
            ModuleDirectory,
            command ?? ["sh", "run.sh"],
            timeout ?? TimeSpan.FromSeconds(30),
            secretKeys ?? [],
            new HashSet<string>(StringComparer.Ordinal) { "source_unreachable", "topic_rejected" },
            Tenant,
            WorkOrder,
            IdGenerator.New<ModuleRunKind>(),
            inputs ?? new JsonObject { ["topic"] = "Example" },
            upstream ?? new Dictionary<ModuleId, string>(),
            RuntimeDirectory);

    public Task<ModuleRunResult> Run(ModuleLaunch launch) => Task.Run(() =>
    {
        using var runner = Runner();
        return runner.Run(launch);
    });

    public ModuleProcessRunner Runner() => new(Clock, Environment, Limits, sandboxes);

    public Task<ModuleRunResult> Run() => Run(Launch());

    public void Dispose()
    {
        sandboxes?.Dispose();
        try
        {
            root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
