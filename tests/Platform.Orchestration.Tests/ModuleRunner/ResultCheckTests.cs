using Platform.Repository.Reasons;
using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

/// <summary>Every way a module's result can break the contract ends as FAILED module_failed.</summary>
public class ResultCheckTests
{
    protected virtual bool Sandboxed => false;

    private static async Task<ModuleRunResult> RunFailing(ModuleFixture fixture, string script)
    {
        fixture.Script(script);
        var result = await fixture.Run();
        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal(GlobalSlugs.ModuleFailed, result.ReasonSlug);
        Assert.Empty(result.Files);
        Assert.NotNull(result.Detail);
        return result;
    }

    [Fact]
    public async Task A_non_zero_exit_fails_even_with_a_completed_result()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, """
            echo '{"status":"COMPLETED","files":[]}' > "$PLATFORM_RESULT_FILE"
            exit 3
            """);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("code 3", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_reason_slug_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, """echo '{"status":"FAILED","reason_slug":"made_up_reason"}' > "$PLATFORM_RESULT_FILE" """);

        Assert.Contains("made_up_reason", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_result_without_a_reason_fails_with_module_failed()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        await RunFailing(fixture, """echo '{"status":"FAILED"}' > "$PLATFORM_RESULT_FILE" """);
    }

    [Fact]
    public async Task A_missing_result_file_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, "echo working");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no result file", result.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"status":"completed"}""")]
    [InlineData("""{"status":"COMPLETED","status":"FAILED"}""")]
    [InlineData("""{"status":"COMPLETED","reason_slug":"topic_rejected"}""")]
    [InlineData("""{"status":"COMPLETED","files":"a.txt"}""")]
    [InlineData("""{"status":"COMPLETED","files":[1]}""")]
    [InlineData("""{"status":"COMPLETED","files":[""]}""")]
    public async Task An_invalid_result_file_fails_the_run(string content)
    {
        using var fixture = new ModuleFixture(Sandboxed);
        File.WriteAllText(Path.Combine(fixture.Root, "result.txt"), content);

        await RunFailing(fixture, $"cp '{fixture.Root}/result.txt' \"$PLATFORM_RESULT_FILE\"");
    }

    [Fact]
    public async Task A_result_file_over_the_size_limit_is_not_read()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Limits = new ModuleRunnerLimits { MaxResultFileBytes = 100 };

        var result = await RunFailing(fixture, """
            printf '{"status":"COMPLETED","files":[],"padding":"' > "$PLATFORM_RESULT_FILE"
            head -c 200 /dev/zero | tr '\0' 'x' >> "$PLATFORM_RESULT_FILE"
            printf '"}' >> "$PLATFORM_RESULT_FILE"
            """);

        Assert.Contains("larger than 100 bytes", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_result_file_that_is_a_fifo_fails_instead_of_blocking()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        await RunFailing(fixture, """mkfifo "$PLATFORM_RESULT_FILE" """);
    }

    [Fact]
    public async Task A_files_list_over_the_limit_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Limits = new ModuleRunnerLimits { MaxListedFiles = 2 };

        var result = await RunFailing(fixture, """
            touch "$PLATFORM_OUTPUTS_DIR/a" "$PLATFORM_OUTPUTS_DIR/b" "$PLATFORM_OUTPUTS_DIR/c"
            echo '{"status":"COMPLETED","files":["a","b","c"]}' > "$PLATFORM_RESULT_FILE"
            """);

        Assert.Contains("more than 2", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_file_that_does_not_exist_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, """echo '{"status":"COMPLETED","files":["never-written.txt"]}' > "$PLATFORM_RESULT_FILE" """);

        Assert.Contains("does not exist", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_listed_directory_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        await RunFailing(fixture, """
            mkdir "$PLATFORM_OUTPUTS_DIR/folder"
            echo '{"status":"COMPLETED","files":["folder"]}' > "$PLATFORM_RESULT_FILE"
            """);
    }

    [Fact]
    public async Task A_listed_file_with_dot_dot_fails_even_if_it_exists()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, """
            echo x > "$PLATFORM_OUTPUTS_DIR/../x"
            echo '{"status":"COMPLETED","files":["../x"]}' > "$PLATFORM_RESULT_FILE"
            """);

        Assert.Contains("'..'", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_absolute_listed_file_fails_even_if_it_is_inside_outputs()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, """
            echo x > "$PLATFORM_OUTPUTS_DIR/x"
            printf '{"status":"COMPLETED","files":["%s/x"]}' "$PLATFORM_OUTPUTS_DIR" > "$PLATFORM_RESULT_FILE"
            """);

        Assert.Contains("absolute", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlink_escaping_outputs_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, """
            ln -s ../request.json "$PLATFORM_OUTPUTS_DIR/leak.json"
            echo '{"status":"COMPLETED","files":["leak.json"]}' > "$PLATFORM_RESULT_FILE"
            """);

        Assert.Contains("symbolic link", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symlinked_directory_escaping_outputs_fails_the_run()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, """
            ln -s / "$PLATFORM_OUTPUTS_DIR/root"
            echo '{"status":"COMPLETED","files":["root/etc/passwd"]}' > "$PLATFORM_RESULT_FILE"
            """);

        Assert.Contains("symbolic link", result.Detail, StringComparison.Ordinal);
    }

    /// <summary>After the run every path of it may still work (through a link), yet the outputs checked must be the folder the platform made.</summary>
    [Theory]
    [InlineData("rm -r \"$PLATFORM_OUTPUTS_DIR\"; ln -s / \"$PLATFORM_OUTPUTS_DIR\"")]
    [InlineData("above=$(dirname \"$(dirname \"$PLATFORM_OUTPUTS_DIR\")\"); mv \"$above\" \"$above.moved\"; ln -s \"$above.moved\" \"$above\"")]
    [InlineData("rmdir \"$PLATFORM_OUTPUTS_DIR\"")]
    [InlineData("rmdir \"$PLATFORM_OUTPUTS_DIR\"; echo x > \"$PLATFORM_OUTPUTS_DIR\"")]
    public async Task Replacing_or_removing_outputs_or_a_folder_above_it_fails_the_run(string change)
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var result = await RunFailing(fixture, change + """

            echo '{"status":"COMPLETED","files":[]}' > "$PLATFORM_RESULT_FILE"
            """);

        Assert.Contains("outputs folder", result.Detail, StringComparison.Ordinal);
    }
}

/// <summary>The same tests with every run in a bubblewrap sandbox.</summary>
public sealed class SandboxedResultCheckTests : ResultCheckTests
{
    protected override bool Sandboxed => true;
}
