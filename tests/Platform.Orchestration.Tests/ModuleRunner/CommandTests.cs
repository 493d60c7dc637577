using Platform.Repository.Reasons;
using Platform.Domain.Errors;
using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

public class CommandTests
{
    protected virtual bool Sandboxed => false;

    [Fact]
    public async Task A_command_with_a_slash_is_found_relative_to_the_module_folder_which_is_the_working_directory()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""
            pwd -P > "$PLATFORM_OUTPUTS_DIR/cwd.txt"
            printf '%s\n' "$@" > "$PLATFORM_OUTPUTS_DIR/args.txt"
            echo '{"status":"COMPLETED","files":["cwd.txt","args.txt"]}' > "$PLATFORM_RESULT_FILE"
            """, "bin/run.sh");

        var result = await fixture.Run(fixture.Launch(command: ["bin/run.sh", "two words", "$HOME", "*"]));

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        var cwd = File.ReadAllText(Path.Combine(result.OutputsDirectory, "cwd.txt")).Trim();
        Assert.Equal(new DirectoryInfo(fixture.ModuleDirectory).ResolveLinkTarget(true)?.FullName ?? fixture.ModuleDirectory, cwd);
        // No shell between the platform and the module: arguments arrive unsplit and unexpanded.
        Assert.Equal(["two words", "$HOME", "*"], File.ReadAllLines(Path.Combine(result.OutputsDirectory, "args.txt")));
    }

    [Fact]
    public async Task A_command_without_a_slash_is_found_on_path_not_in_the_module_folder()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        // A program named like the command in the module folder must not win over PATH.
        fixture.Script("echo '{\"status\":\"FAILED\",\"reason_slug\":\"topic_rejected\"}' > \"$PLATFORM_RESULT_FILE\"", "sh");
        fixture.Script("""echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE" """);

        var result = await fixture.Run(fixture.Launch(command: ["sh", "run.sh"]));

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
    }

    [Fact]
    public async Task A_program_that_does_not_exist_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await fixture.Run(fixture.Launch(command: ["./missing.sh"]));

        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal(GlobalSlugs.ModuleFailed, result.ReasonSlug);
        Assert.Contains("does not exist", result.Detail, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(result.RunDirectory, "request.json")));
        Assert.False(File.Exists(Path.Combine(result.RunDirectory, "stdout.log")), "nothing was printed, so no log");
    }

    [Fact]
    public async Task A_program_missing_from_path_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await fixture.Run(fixture.Launch(command: ["no-such-program-anywhere"]));

        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Contains("not found on PATH", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_command_is_refused_as_bad_input()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var error = await Assert.ThrowsAsync<PlatformException>(() => fixture.Run(fixture.Launch(command: [])));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal("run.command", error.Violations[0].Field);
    }
}

/// <summary>The same tests with every run in a bubblewrap sandbox.</summary>
public sealed class SandboxedCommandTests : CommandTests
{
    protected override bool Sandboxed => true;
}
