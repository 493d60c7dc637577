using System.Text;
using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

/// <summary>What the module's process starts with, and how the runner finds what it leaves behind.</summary>
public sealed class ProcessSetupTests
{
    [Fact]
    public async Task Module_leads_its_own_process_group_with_stdin_from_dev_null()
    {
        using var fixture = new ModuleFixture();
        // /proc/<pid>/stat: "pid (comm) state ppid pgrp ..."; sh's comm has no spaces.
        fixture.Script("""
            echo "$$ $(cut -d' ' -f5 /proc/$$/stat)" > "$PLATFORM_OUTPUTS_DIR/group.txt"
            readlink /proc/$$/fd/0 > "$PLATFORM_OUTPUTS_DIR/stdin.txt"
            echo '{"status":"COMPLETED","files":["group.txt","stdin.txt"]}' > "$PLATFORM_RESULT_FILE"
            """);

        var result = await fixture.Run();

        Assert.Equal(ModuleRunStatus.Completed, result.Status);
        var group = File.ReadAllText(Path.Combine(result.OutputsDirectory, "group.txt")).Split(' ', StringSplitOptions.TrimEntries);
        Assert.Equal(group[0], group[1]);
        Assert.Equal("/dev/null", File.ReadAllText(Path.Combine(result.OutputsDirectory, "stdin.txt")).Trim());
    }

    [Fact]
    public async Task Module_starts_with_no_signal_blocked_or_ignored()
    {
        using var fixture = new ModuleFixture();

        var result = await fixture.Run(fixture.Launch(command: ["grep", "-E", "^(SigBlk|SigIgn):", "/proc/self/status"]));

        var masks = File.ReadAllLines(Path.Combine(result.RunDirectory, RunFolder.StdoutFileName))
            .Select(l => l.Split(':', StringSplitOptions.TrimEntries))
            .ToDictionary(p => p[0], p => ulong.Parse(p[1], System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0UL, masks["SigBlk"]);
        // Signals 1-31; the platform's own runtime ignores SIGPIPE, which a module must not inherit.
        // (glibc keeps its two internal real-time signals, 32 and 33, to itself.)
        Assert.Equal(0UL, masks["SigIgn"] & 0x7fff_ffffUL);
    }

    [Fact]
    public async Task Module_inherits_no_file_descriptor_but_its_three_standard_ones()
    {
        using var fixture = new ModuleFixture();
        // ls itself opens the folder it lists, as descriptor 3.
        var result = await fixture.Run(fixture.Launch(command: ["ls", "/proc/self/fd"]));

        Assert.Equal(["0", "1", "2", "3"], File.ReadAllLines(Path.Combine(result.RunDirectory, RunFolder.StdoutFileName)));
    }

    [Theory]
    [InlineData("0.52 0.58 0.59 1/467 12345\n", 12345)]
    [InlineData("0.00 0.01 0.05 2/96 7", 7)]
    [InlineData("0.52 0.58 0.59 1/467\n", null)]
    [InlineData("garbage", null)]
    public void The_last_pid_is_the_fifth_field_of_loadavg(string loadavg, int? expected)
    {
        Assert.Equal(expected, RunProcesses.ParseLastPid(Encoding.ASCII.GetBytes(loadavg)));
    }
}
