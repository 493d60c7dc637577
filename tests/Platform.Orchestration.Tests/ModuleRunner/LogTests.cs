using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

public class LogTests
{
    protected virtual bool Sandboxed => false;

    [Fact]
    public async Task Stdout_is_capped_at_one_mebibyte_and_the_module_never_blocks()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Script("""
            head -c 3145728 /dev/zero | tr '\0' 'a'
            echo small >&2
            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            """);

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        Assert.True(result.StdoutTruncated);
        Assert.False(result.StderrTruncated);
        var log = File.ReadAllBytes(Path.Combine(result.RunDirectory, "stdout.log"));
        const int mib = 1 << 20;
        Assert.InRange(log.Length, mib + 1, mib + 200);
        Assert.All(log[..mib], b => Assert.Equal((byte)'a', b));
        var note = System.Text.Encoding.UTF8.GetString(log[mib..]);
        Assert.Contains("truncated", note, StringComparison.Ordinal);
        Assert.Contains("dropped 2097152", note, StringComparison.Ordinal);
        Assert.Equal("small\n", File.ReadAllText(Path.Combine(result.RunDirectory, "stderr.log")));
    }

    [Fact]
    public async Task Stderr_is_capped_too()
    {
        using var fixture = new ModuleFixture(Sandboxed);
        fixture.Limits = new ModuleRunnerLimits { MaxLogBytes = 1000 };
        fixture.Script("""
            head -c 5000 /dev/zero | tr '\0' 'e' >&2
            echo '{"status":"COMPLETED"}' > "$PLATFORM_RESULT_FILE"
            """);

        var result = await fixture.Run();

        Assert.True(result.StderrTruncated);
        Assert.False(result.StdoutTruncated);
        var log = File.ReadAllText(Path.Combine(result.RunDirectory, "stderr.log"));
        Assert.StartsWith(new string('e', 1000) + "\n[platform] log truncated", log, StringComparison.Ordinal);
    }
}

/// <summary>The same tests with every run in a bubblewrap sandbox.</summary>
public sealed class SandboxedLogTests : LogTests
{
    protected override bool Sandboxed => true;
}
