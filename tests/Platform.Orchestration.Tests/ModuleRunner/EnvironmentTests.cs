using Platform.Repository.Reasons;
using Platform.Domain.Errors;
using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

public class EnvironmentTests
{
    protected virtual bool Sandboxed => false;

    /// <summary>Copies the shell's own starting environment (exactly what the runner passed) into outputs.</summary>
    private const string DumpEnvironment = """
        tr '\0' '\n' < /proc/$$/environ > "$PLATFORM_OUTPUTS_DIR/env.txt"
        echo '{"status":"COMPLETED","files":["env.txt"]}' > "$PLATFORM_RESULT_FILE"
        """;

    private static async Task<Dictionary<string, string>> RunAndReadEnvironment(ModuleFixture fixture, ModuleLaunch launch)
    {
        fixture.Script(DumpEnvironment);
        var result = await fixture.Run(launch);
        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        return File.ReadAllLines(Path.Combine(result.OutputsDirectory, "env.txt"))
            .Where(l => l.Length > 0)
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    [Fact]
    public async Task Module_sees_its_declared_secrets_and_nothing_undeclared()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var launch = fixture.Launch(secretKeys: ["API_KEY"]);

        var environment = await RunAndReadEnvironment(fixture, launch);

        Assert.Equal(
            ["API_KEY", "HOME", "LANG", "PATH", "PLATFORM_OUTPUTS_DIR", "PLATFORM_REQUEST_FILE", "PLATFORM_RESULT_FILE", "TMPDIR"],
            environment.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("secret-value-1", environment["API_KEY"]);
        Assert.Equal(fixture.Environment["PATH"], environment["PATH"]);
        Assert.Equal("C.UTF-8", environment["LANG"]);
    }

    [Fact]
    public async Task Module_never_sees_the_github_token()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var environment = await RunAndReadEnvironment(fixture, fixture.Launch());

        Assert.DoesNotContain("GITHUB_TOKEN", environment.Keys);
        Assert.DoesNotContain("GH_TOKEN", environment.Keys);
        Assert.DoesNotContain("UNDECLARED", environment.Keys);
        Assert.DoesNotContain("U2T_API_KEY", environment.Keys);
        Assert.DoesNotContain(environment.Values, v => v.Contains("must_not_leak", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Home_and_tmpdir_are_a_scratch_folder_of_the_runtime_dir()
    {
        using var fixture = new ModuleFixture(Sandboxed);

        var environment = await RunAndReadEnvironment(fixture, fixture.Launch());

        var requestFile = environment["PLATFORM_REQUEST_FILE"];
        var runDirectory = Path.GetDirectoryName(requestFile)!;
        Assert.StartsWith(Path.Combine(fixture.RuntimeDirectory, "scratch") + "/", environment["HOME"], StringComparison.Ordinal);
        Assert.Equal(environment["HOME"], environment["TMPDIR"]);
        Assert.Equal(Path.Combine(runDirectory, "outputs"), environment["PLATFORM_OUTPUTS_DIR"]);
        Assert.Equal(Path.Combine(runDirectory, "result.json"), environment["PLATFORM_RESULT_FILE"]);
    }

    [Fact]
    public async Task A_declared_secret_the_platform_lacks_fails_the_run_before_it_starts()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""
            touch "$PLATFORM_OUTPUTS_DIR/started"
            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            """);

        var result = await fixture.Run(fixture.Launch(secretKeys: ["MISSING_KEY"]));

        Assert.Equal(ModuleRunStatus.Failed, result.Status);
        Assert.Equal(GlobalSlugs.ModuleFailed, result.ReasonSlug);
        Assert.Contains("U2T_MISSING_KEY", result.Detail, StringComparison.Ordinal);
        Assert.Null(result.ExitCode);
        Assert.False(File.Exists(Path.Combine(result.OutputsDirectory, "started")));
    }

    [Theory]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("GH_TOKEN")]
    [InlineData("PATH")]
    [InlineData("PLATFORM_RESULT_FILE")]
    [InlineData("bad-name")]
    public async Task A_secret_key_that_would_shadow_or_leak_is_refused(string key)
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("true");

        var error = await Assert.ThrowsAsync<PlatformException>(() => fixture.Run(fixture.Launch(secretKeys: [key])));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal(key, error.Violations[0].Value);
    }

    [Fact]
    public void A_run_never_sees_what_an_earlier_run_left_in_its_home()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""
            ls -A "$HOME" > "$PLATFORM_OUTPUTS_DIR/found.txt"
            echo "$HOME" > "$PLATFORM_OUTPUTS_DIR/home.txt"
            echo tenant-data > "$HOME/cache.txt"
            mkdir "$TMPDIR/work" && touch "$TMPDIR/work/part"
            echo '{"status":"COMPLETED","files":["found.txt","home.txt"]}' > "$PLATFORM_RESULT_FILE"
            """);
        using var runner = fixture.Runner();

        var first = runner.Run(fixture.Launch());
        var second = runner.Run(fixture.Launch());

        string Read(ModuleRunResult run, string name) => File.ReadAllText(Path.Combine(run.OutputsDirectory, name));
        Assert.Equal(ModuleRunStatus.Completed, second.Status);
        Assert.Equal("", Read(first, "found.txt"));
        Assert.Equal("", Read(second, "found.txt"));
        // The same folder, reused: emptied between the runs rather than made anew.
        Assert.Equal(Read(first, "home.txt"), Read(second, "home.txt"));
    }

    [Fact]
    public void A_home_swapped_for_a_link_is_dropped_without_touching_what_it_points_to()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        var victim = Path.Combine(fixture.Root, "victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "precious.txt"), "x");
        fixture.Script($$"""
            if [ -e "$HOME/../swapped" ]; then
              stat -c '%a %F' "$HOME" > "$PLATFORM_OUTPUTS_DIR/home.txt"
            else
              touch "$HOME/../swapped"
              rm -rf "$HOME" && ln -s '{{victim}}' "$HOME"
              echo first > "$PLATFORM_OUTPUTS_DIR/home.txt"
            fi
            echo '{"status":"COMPLETED","files":["home.txt"]}' > "$PLATFORM_RESULT_FILE"
            """);
        using var runner = fixture.Runner();

        var first = runner.Run(fixture.Launch());
        var second = runner.Run(fixture.Launch());

        Assert.Equal(ModuleRunStatus.Completed, first.Status);
        Assert.True(File.Exists(Path.Combine(victim, "precious.txt")));
        Assert.Equal("700 directory", File.ReadAllText(Path.Combine(second.OutputsDirectory, "home.txt")).Trim());
    }

    [Fact]
    public void A_home_whose_mode_a_run_opened_up_is_private_again_for_the_next()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""
            stat -c '%a' "$HOME" > "$PLATFORM_OUTPUTS_DIR/mode.txt"
            chmod 777 "$HOME"
            echo '{"status":"COMPLETED","files":["mode.txt"]}' > "$PLATFORM_RESULT_FILE"
            """);
        using var runner = fixture.Runner();

        runner.Run(fixture.Launch());
        var second = runner.Run(fixture.Launch());

        Assert.Equal("700", File.ReadAllText(Path.Combine(second.OutputsDirectory, "mode.txt")).Trim());
    }
}

/// <summary>The same tests with every run in a bubblewrap sandbox.</summary>
public sealed class SandboxedEnvironmentTests : EnvironmentTests
{
    protected override bool Sandboxed => true;
}
