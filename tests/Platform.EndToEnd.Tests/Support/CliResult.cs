using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonObject Json => JsonNode.Parse(Stdout)!.AsObject();

    public IReadOnlyList<string> ErrorLines =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
