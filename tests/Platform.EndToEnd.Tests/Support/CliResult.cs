using System.Text.Json.Nodes;

namespace Platform.EndToEnd.Tests.Support;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public JsonObject Json => JsonNode.Parse(Stdout)!.AsObject();

    /// <summary>The orchestrator's JSON row for one work order.</summary>
    public JsonObject WorkOrder(string id) =>
        Json["work_orders"]!.AsArray().Select(n => n!.AsObject()).Single(o => o["work_order_id"]!.GetValue<string>() == id);

    /// <summary>The status the orchestrator reported for one work order.</summary>
    public string StatusOf(string id) => WorkOrder(id)["status"]!.GetValue<string>();

    public IReadOnlyList<string> OutputLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public IReadOnlyList<string> ErrorLines =>
        Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
