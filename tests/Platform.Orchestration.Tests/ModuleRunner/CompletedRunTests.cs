using Platform.Repository.Reasons;
using System.Text.Json;
using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

public class CompletedRunTests
{
    protected virtual bool Sandboxed => false;

    [Fact]
    public async Task Completed_run_returns_its_listed_files()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""
            mkdir -p "$PLATFORM_OUTPUTS_DIR/sub"
            echo hello > "$PLATFORM_OUTPUTS_DIR/a.txt"
            echo world > "$PLATFORM_OUTPUTS_DIR/sub/b.txt"
            ln -s a.txt "$PLATFORM_OUTPUTS_DIR/alias.txt"
            echo '{"status":"COMPLETED","reason_slug":null,"files":["a.txt","./sub//b.txt","alias.txt","a.txt"]}' > "$PLATFORM_RESULT_FILE"
            """);

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        Assert.Null(result.ReasonSlug);
        Assert.Null(result.Detail);
        Assert.Equal(["a.txt", "sub/b.txt", "alias.txt"], result.Files);
        Assert.Equal(0, result.ExitCode);
        Assert.False(result.LogsTruncated);
        Assert.Equal("hello\n", File.ReadAllText(Path.Combine(result.OutputsDirectory, "a.txt")));
    }

    [Fact]
    public async Task Run_folder_is_laid_out_by_tenant_work_order_module_and_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""
            echo out; echo err >&2
            echo '{"status":"COMPLETED","files":[]}' > "$PLATFORM_RESULT_FILE"
            """);
        var launch = fixture.Launch();

        var result = await fixture.Run(launch);

        var expected = Path.Combine(fixture.RuntimeDirectory, "runs", "Ab12Cd", "UbjkpxZO", "U2T", launch.ModuleRunId.Value);
        Assert.Equal(expected, result.RunDirectory);
        Assert.Equal(Path.Combine(expected, "outputs"), result.OutputsDirectory);
        Assert.True(File.Exists(Path.Combine(expected, RunFolder.RequestFileName)));
        Assert.True(File.Exists(Path.Combine(expected, RunFolder.ResultFileName)));
        Assert.Equal("out\n", File.ReadAllText(Path.Combine(expected, "stdout.log")));
        Assert.Equal("err\n", File.ReadAllText(Path.Combine(expected, "stderr.log")));
        Assert.Equal(["outputs", "request.json", "result.json", "stderr.log", "stdout.log"],
            Directory.EnumerateFileSystemEntries(expected).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Times_come_from_the_injected_clock()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE" """);

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        Assert.Empty(result.Files);
        Assert.Equal(ModuleFixture.Start, result.StartedAt);
        Assert.True(result.EndedAt > result.StartedAt);
    }

    [Fact]
    public async Task Request_file_holds_ids_inputs_and_upstream_outputs()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var upstreamA = Path.Combine(fixture.Root, "upstream", "A1b");
        var upstreamB = Path.Combine(fixture.Root, "upstream", "Zz9");
        fixture.Script("""
            cp "$PLATFORM_REQUEST_FILE" "$PLATFORM_OUTPUTS_DIR/request.json"
            echo '{"status":"COMPLETED","files":["request.json"]}' > "$PLATFORM_RESULT_FILE"
            """);
        var launch = fixture.Launch(
            upstream: new Dictionary<ModuleId, string>
            {
                [ModuleId.Parse("Zz9", "module_id")] = upstreamB,
                [ModuleId.Parse("A1b", "module_id")] = upstreamA,
            },
            inputs: new() { ["topic"] = "Example", ["freshness_days"] = 3, ["tags"] = new System.Text.Json.Nodes.JsonArray("x", "y") });

        var result = await fixture.Run(launch);

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        using var request = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(result.OutputsDirectory, "request.json")));
        var root = request.RootElement;
        Assert.Equal("Ab12Cd", root.GetProperty("tenant_id").GetString());
        Assert.Equal("UbjkpxZO", root.GetProperty("work_order_id").GetString());
        Assert.Equal("U2T", root.GetProperty("module_id").GetString());
        Assert.Equal(launch.ModuleRunId.Value, root.GetProperty("module_run_id").GetString());
        Assert.Equal("Example", root.GetProperty("inputs").GetProperty("topic").GetString());
        Assert.Equal(3, root.GetProperty("inputs").GetProperty("freshness_days").GetInt32());
        Assert.Equal(2, root.GetProperty("inputs").GetProperty("tags").GetArrayLength());
        var upstream = root.GetProperty("upstream").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToList();
        Assert.Equal([("A1b", upstreamA), ("Zz9", upstreamB)], upstream);
    }

    [Fact]
    public async Task A_failed_result_keeps_the_modules_own_reason()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""echo '{"status":"FAILED","reason_slug":"topic_rejected","files":[]}' > "$PLATFORM_RESULT_FILE" """);

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal("topic_rejected", result.ReasonSlug);
        Assert.Null(result.Detail);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_stale_run_folder_from_an_earlier_attempt_is_wiped()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = fixture.Launch();
        var stale = new RunFolder(fixture.RuntimeDirectory, launch.TenantId, launch.WorkOrderId, launch.ModuleId, launch.ModuleRunId);
        Directory.CreateDirectory(stale.OutputsDirectory);
        File.WriteAllText(stale.ResultFile, """{"status":"COMPLETED","files":["old.txt"]}""");
        File.WriteAllText(Path.Combine(stale.OutputsDirectory, "old.txt"), "old");
        fixture.Script("true");

        var result = await fixture.Run(launch);

        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal(GlobalSlugs.ModuleFailed, result.ReasonSlug);
        Assert.False(File.Exists(Path.Combine(result.OutputsDirectory, "old.txt")));
    }

    [Fact]
    public async Task Removing_scratch_does_not_follow_links_out_of_it()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var keep = Path.Combine(fixture.Root, "keep");
        Directory.CreateDirectory(keep);
        File.WriteAllText(Path.Combine(keep, "precious.txt"), "x");
        fixture.Script($$"""
            ln -s '{{keep}}' "$HOME/link-to-keep"
            ln -s '{{keep}}/precious.txt' "$TMPDIR/link-to-file"
            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            """);

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(fixture.RuntimeDirectory, "scratch", ModuleFixture.Tenant.Value)));
        Assert.True(File.Exists(Path.Combine(keep, "precious.txt")));
    }
}

/// <summary>The same tests with every run in a bubblewrap sandbox.</summary>
public sealed class SandboxedCompletedRunTests : CompletedRunTests
{
    protected override bool Sandboxed => true;
}
