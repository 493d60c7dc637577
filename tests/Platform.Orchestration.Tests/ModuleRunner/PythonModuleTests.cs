using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.ModuleRunner.Python;
using Platform.Repository.Reasons;

namespace Platform.Orchestration.Tests.ModuleRunner;

/// <summary>
/// Modules of the earlier Python platform (<c>src/run.py</c> with <c>run(params, outputs_dir)</c>), run
/// with the real <c>python3</c> through the adapter the platform ships, under the same rules as any module.
/// </summary>
public class PythonModuleTests
{
    protected virtual bool Sandboxed => false;

    /// <summary>Writes the module's <c>src/run.py</c> (and any other files, relative to the module folder).</summary>
    private static ModuleLaunch PythonModule(ModuleFixture fixture, string runPy, TimeSpan? timeout = null, IReadOnlyList<string>? secretKeys = null,
        params (string Path, string Text)[] files)
    {
        foreach (var (path, text) in files.Append(("src/run.py", runPy)))
        {
            var full = Path.Combine(fixture.ModuleDirectory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text.ReplaceLineEndings("\n"));
        }
        return fixture.Launch(command: PythonModuleAdapter.Command, timeout: timeout, secretKeys: secretKeys);
    }

    private static string StderrLog(ModuleRunResult result) =>
        File.Exists(Path.Combine(result.RunDirectory, RunFolder.StderrFileName)) ? File.ReadAllText(Path.Combine(result.RunDirectory, RunFolder.StderrFileName)) : "";

    [Fact]
    public async Task A_module_that_returns_its_files_completes_with_them_relative_to_its_outputs()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = PythonModule(fixture, """
            import os
            from helper import greeting

            def run(params, outputs_dir):
                print("working on", params["topic"])
                with open(os.path.join(outputs_dir, "a.txt"), "w") as f:
                    f.write(greeting(params["topic"]) + open("data/suffix.txt").read())
                os.makedirs(outputs_dir / "sub")
                with open(outputs_dir + "/sub/b.txt", "w") as f:
                    f.write("b")
                return {"files": [str(outputs_dir / "a.txt"), "sub/b.txt"], "status": "completed", "reason_slug": None}
            """, files: [("src/helper.py", "def greeting(topic):\n    return 'hello ' + topic\n"), ("data/suffix.txt", "!")]);

        var result = await fixture.Run(launch);

        Assert.True(result.Status == ModuleRunStatus.Completed, result.Detail + StderrLog(result));
        Assert.Equal(["a.txt", "sub/b.txt"], result.Files);
        Assert.Equal("hello Example!", File.ReadAllText(Path.Combine(result.OutputsDirectory, "a.txt")));
        Assert.Equal("working on Example\n", File.ReadAllText(Path.Combine(result.RunDirectory, RunFolder.StdoutFileName)));
        Assert.False(Directory.Exists(Path.Combine(fixture.ModuleDirectory, "src", "__pycache__")), "the run wrote into the module folder");
    }

    [Fact]
    public async Task A_module_that_fails_with_its_own_declared_reason_fails_with_it()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = PythonModule(fixture, """
            def run(params, outputs_dir):
                return {"files": [], "status": "Failed", "reason_slug": "topic_rejected"}
            """);

        var result = await fixture.Run(launch);

        Assert.Equal((ModuleRunStatus.Failed, "topic_rejected", 0), (result.Status, result.ReasonSlug, result.ExitCode));
    }

    [Fact]
    public async Task A_module_that_raises_fails_with_module_failed_and_its_traceback_in_stderr()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = PythonModule(fixture, """
            def run(params, outputs_dir):
                raise ValueError("no source for " + params["topic"])
            """);

        var result = await fixture.Run(launch);

        Assert.Equal((ModuleRunStatus.Failed, GlobalSlugs.ModuleFailed, 1), (result.Status, result.ReasonSlug, result.ExitCode));
        var stderr = StderrLog(result);
        Assert.Contains("Traceback (most recent call last)", stderr, StringComparison.Ordinal);
        Assert.Contains("ValueError: no source for Example", stderr, StringComparison.Ordinal);
        Assert.Contains("\"FAILED\"", File.ReadAllText(Path.Combine(result.RunDirectory, RunFolder.ResultFileName)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"status": "FAILED", "reason_slug": "quota_exceeded", "files": []}""", "reason_slug 'quota_exceeded' is not one of the module's reasons")]
    [InlineData("""{"status": "DONE", "files": []}""", "status must be")]
    public async Task A_module_that_returns_an_undeclared_reason_or_status_fails_with_module_failed(string returned, string detail)
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = PythonModule(fixture, $"def run(params, outputs_dir):\n    return {returned}\n");

        var result = await fixture.Run(launch);

        Assert.Equal((ModuleRunStatus.Failed, GlobalSlugs.ModuleFailed), (result.Status, result.ReasonSlug));
        Assert.Contains(detail, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_module_that_sleeps_past_its_timeout_is_killed_with_the_process_it_started()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = PythonModule(fixture, $$"""
            import subprocess, time

            def run(params, outputs_dir):
                child = subprocess.Popen(["sleep", "{{fixture.Token}}"])
                with open(outputs_dir / "child.txt", "w") as f:
                    f.write(str(child.pid))
                time.sleep(600)
                return {"files": [], "status": "COMPLETED"}
            """, timeout: TimeSpan.FromSeconds(2));

        var result = await fixture.Run(launch);

        Assert.Equal((ModuleRunStatus.Failed, GlobalSlugs.ModuleTimeout), (result.Status, result.ReasonSlug));
        Assert.True(File.Exists(Path.Combine(result.OutputsDirectory, "child.txt")), "the module never started its child");
        Assert.False(ProcessList.Running(fixture.Token), "the module's child outlived its run");
    }

    [Fact]
    public async Task A_declared_secret_reaches_the_module_as_the_variable_it_reads_and_nothing_else_does()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = PythonModule(fixture, """
            import os

            def run(params, outputs_dir):
                seen = [os.environ["API_KEY"]] + [name for name in ("GITHUB_TOKEN", "GH_TOKEN", "UNDECLARED", "U2T_API_KEY") if name in os.environ]
                with open(outputs_dir / "seen.txt", "w") as f:
                    f.write(" ".join(seen))
                return {"files": ["seen.txt"], "status": "COMPLETED"}
            """, secretKeys: ["API_KEY"]);

        var result = await fixture.Run(launch);

        Assert.True(result.Status == ModuleRunStatus.Completed, result.Detail + StderrLog(result));
        Assert.Equal("secret-value-1", File.ReadAllText(Path.Combine(result.OutputsDirectory, "seen.txt")));
    }

    [Theory]
    [InlineData("os.path.join(str(outputs_dir), '..', 'escape.txt')")]
    [InlineData("os.path.realpath(os.path.join(str(outputs_dir), '..', 'escape.txt'))")]
    public async Task A_module_that_returns_a_file_outside_its_outputs_fails_with_module_failed(string listed)
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = PythonModule(fixture, $$"""
            import os

            def run(params, outputs_dir):
                escape = {{listed}}
                with open(escape, "w") as f:
                    f.write("outside")
                return {"files": [escape], "status": "COMPLETED"}
            """);

        var result = await fixture.Run(launch);

        Assert.Equal((ModuleRunStatus.Failed, GlobalSlugs.ModuleFailed), (result.Status, result.ReasonSlug));
        Assert.Contains("escape.txt", result.Detail, StringComparison.Ordinal);
        Assert.Empty(result.Files);
    }

    [Fact]
    public async Task Without_python3_on_path_the_run_fails_with_module_failed_saying_so_in_its_stderr()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var emptyBin = Directory.CreateDirectory(Path.Combine(fixture.Root, "empty-bin")).FullName;
        fixture.Environment["PATH"] = emptyBin;
        var launch = PythonModule(fixture, "def run(params, outputs_dir):\n    return {'files': [], 'status': 'COMPLETED'}\n");

        var result = await fixture.Run(launch);

        Assert.Equal((ModuleRunStatus.Failed, GlobalSlugs.ModuleFailed, null), (result.Status, result.ReasonSlug, result.ExitCode));
        Assert.Contains("python3 was not found on PATH", result.Detail, StringComparison.Ordinal);
        Assert.Contains("python3 was not found on PATH", StderrLog(result), StringComparison.Ordinal);
    }
}

/// <summary>The same runs inside a bubblewrap sandbox: the adapter, beside the platform, is visible read-only there.</summary>
public sealed class SandboxedPythonModuleTests : PythonModuleTests
{
    protected override bool Sandboxed => true;
}
