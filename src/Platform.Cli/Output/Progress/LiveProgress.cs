using Spectre.Console;
using Spectre.Console.Rendering;

namespace Platform.Cli.Output.Progress;

/// <summary>
/// The live view of a run on a terminal (stderr): work orders run of those charged, time taken and
/// the modules running now, redrawn a few times a second and cleared when the run ends. Log lines
/// written through <see cref="Log"/> appear above it.
/// </summary>
internal sealed class LiveProgress(IAnsiConsole console, ProgressReporter reporter, TimeProvider clock)
{
    private static readonly TimeSpan RedrawEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>Running modules listed by name; more are counted.</summary>
    private const int Listed = 8;

    private readonly object gate = new();

    public T Run<T>(Func<Action<string>, T> work) =>
        console.Live(Render()).AutoClear(true).Overflow(VerticalOverflow.Ellipsis).Start(context =>
        {
            using var timer = clock.CreateTimer(_ =>
            {
                lock (gate)
                {
                    context.UpdateTarget(Render());
                    context.Refresh();
                }
            }, null, RedrawEvery, RedrawEvery);
            return work(Log);
        });

    private void Log(string line)
    {
        lock (gate)
        {
            console.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
        }
    }

    private IRenderable Render()
    {
        var now = reporter.Snapshot();
        var elapsed = ProgressSnapshot.Duration(now.Elapsed);
        if (now.Total is not { } total)
        {
            return new Markup($"[yellow]charging work orders[/]  [grey]{elapsed}[/]");
        }
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]{now.Done}/{total}[/] work orders run  [blue]{now.Running.Count}[/] module(s) running  [grey]{elapsed}[/]"),
        };
        foreach (var module in now.Running.Take(Listed))
        {
            rows.Add(new Markup($"  [grey]{ProgressSnapshot.Duration(reporter.RunningFor(module))}[/]  {Markup.Escape(module.ToString())}"));
        }
        if (now.Running.Count > Listed)
        {
            rows.Add(new Markup($"  [grey]and {now.Running.Count - Listed} more[/]"));
        }
        return new Rows(rows);
    }
}
