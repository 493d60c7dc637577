using System.Text.Json.Nodes;

namespace Platform.Cli.Output;

/// <summary>
/// What a command reports: lines for a person and one JSON object for a program. With
/// <c>--json</c> stdout carries exactly that object; the lines go to stderr as logs.
/// </summary>
public sealed class CommandReport
{
    public JsonObject Json { get; } = [];

    public List<string> Lines { get; } = [];

    /// <summary>The broken rules a check found (verify, maintenance): the step summary lists them, GitHub annotates them.</summary>
    public List<Domain.Errors.Violation> Violations { get; } = [];

    /// <summary>Markdown for the step summary, when the command has more to say than its lines (the orchestrator's tables).</summary>
    public string? Summary { get; set; }

    public Domain.Errors.ExitCode ExitCode { get; set; } = Domain.Errors.ExitCode.Success;

    public CommandReport Line(string line)
    {
        Lines.Add(line);
        return this;
    }

    public CommandReport Set(string key, JsonNode? value)
    {
        Json[key] = value;
        return this;
    }
}
