using Platform.Orchestration.Running;
using Spectre.Console;

namespace Platform.Cli.Output.Progress;

/// <summary>
/// Chooses how a run shows its progress, always on stderr: a live view when both stdout and stderr
/// are an interactive terminal and <c>--json</c> is not given; otherwise (a pipe, a file, CI) a plain
/// line every <c>interval</c> (<see cref="ProgressReporter.IntervalFrom"/>) through the command's log.
/// </summary>
public static class ProgressDisplay
{
    /// <param name="work">The run, given where to report progress and where to log.</param>
    public static T Run<T>(bool json, TimeProvider clock, TimeSpan interval, Action<string> log, Func<IRunProgress, Action<string>, T> work)
    {
        var terminal = json || Console.IsOutputRedirected || Console.IsErrorRedirected ? null : TerminalOnStderr();
        using var reporter = new ProgressReporter(clock, interval, terminal is null ? log : null);
        return terminal is null
            ? work(reporter, log)
            : new LiveProgress(terminal, reporter, clock).Run(liveLog => work(reporter, liveLog));
    }

    /// <summary>A console on stderr when it can redraw in place (an interactive terminal, not CI), else null.</summary>
    private static IAnsiConsole? TerminalOnStderr()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Detect,
        });
        return console.Profile.Capabilities is { Interactive: true, Ansi: true } ? console : null;
    }
}
