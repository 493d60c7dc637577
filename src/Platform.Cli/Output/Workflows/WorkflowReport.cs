using Platform.Domain.Errors;

namespace Platform.Cli.Output.Workflows;

/// <summary>
/// Tells a CI run what a command did: appends a Markdown report to the summary file (<c>--summary-file</c>,
/// else env <c>PLATFORM_SUMMARY_FILE</c>, else GitHub's <c>GITHUB_STEP_SUMMARY</c>) and, when
/// <c>GITHUB_ACTIONS=true</c>, writes each error as an <c>::error</c> annotation on stderr.
/// </summary>
public sealed class WorkflowReport(string command, string? summaryFile, bool annotate, TextWriter stderr)
{
    /// <summary>The report for this invocation, or null when there is neither a summary file nor GitHub Actions.</summary>
    public static WorkflowReport? From(string command, string? summaryOption, TextWriter stderr)
    {
        var file = NonEmpty(summaryOption) ?? NonEmpty(Environment.GetEnvironmentVariable("PLATFORM_SUMMARY_FILE"))
            ?? NonEmpty(Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY"));
        var annotate = Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true";
        return file is null && !annotate ? null : new WorkflowReport(command, file, annotate, stderr);
    }

    public void Finished(CommandReport report)
    {
        Annotate(report.Violations);
        Append(StepSummary.Render(command, report));
    }

    public void Failed(ExitCode code, IReadOnlyList<Violation> violations)
    {
        Annotate(violations);
        Append(StepSummary.RenderFailure(command, code, violations));
    }

    private void Annotate(IReadOnlyList<Violation> violations)
    {
        if (!annotate)
        {
            return;
        }
        foreach (var line in GitHubAnnotations.Errors("platform " + command, violations))
        {
            stderr.WriteLine(line);
        }
    }

    private void Append(string markdown)
    {
        if (summaryFile is null)
        {
            return;
        }
        try
        {
            File.AppendAllText(summaryFile, markdown);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The command's work is done and reported on the console: a summary that cannot be written costs only itself.
            stderr.WriteLine($"warning: could not append the step summary to {summaryFile}: {e.Message}");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
