using System.Text.Json;
using System.Text.Json.Serialization;

namespace Platform.Orchestration.ModuleRunner.Sandbox;

/// <summary>
/// What the platform and a sandbox supervisor say to each other: one JSON object per line, the
/// platform writing to the supervisor's stdin, the supervisor answering on its stdout.
/// </summary>
internal static class SandboxProtocol
{
    public const string RunOperation = "run";
    public const string CancelOperation = "cancel";

    public static string Write(SandboxMessage message) => JsonSerializer.Serialize(message, SandboxJson.Default.SandboxMessage);

    public static string Write(SandboxReply reply) => JsonSerializer.Serialize(reply, SandboxJson.Default.SandboxReply);

    public static SandboxMessage ReadMessage(string line) =>
        JsonSerializer.Deserialize(line, SandboxJson.Default.SandboxMessage) ?? throw new JsonException("empty message");

    public static SandboxReply ReadReply(string line) =>
        JsonSerializer.Deserialize(line, SandboxJson.Default.SandboxReply) ?? throw new JsonException("empty reply");

    public static SandboxMessage Run(long id, WatchRequest request) => new(RunOperation, id, request.Program, request.Arguments,
        request.Environment, request.WorkingDirectory, request.StdoutLog, request.StderrLog, request.Timeout.TotalMilliseconds,
        request.Marker, request.Label, request.Limits.MaxLogBytes, request.Limits.KillGrace.TotalMilliseconds, request.Limits.LogDrainGrace.TotalMilliseconds);

    public static SandboxMessage Cancel(long id) => new(CancelOperation, id, null, null, null, null, null, null, 0, null, null, 0, 0, 0);

    public static WatchRequest Request(SandboxMessage m) => new(m.Program!, m.Arguments!, m.Environment!, m.WorkingDirectory!,
        m.StdoutLog!, m.StderrLog!, TimeSpan.FromMilliseconds(m.TimeoutMs), m.Marker!, m.Label!,
        ModuleRunnerLimits.Default with
        {
            MaxLogBytes = m.MaxLogBytes,
            KillGrace = TimeSpan.FromMilliseconds(m.KillGraceMs),
            LogDrainGrace = TimeSpan.FromMilliseconds(m.LogDrainGraceMs),
        });

    public static SandboxReply Reply(long id, WatchOutcome outcome) =>
        new(id, outcome.ExitCode, outcome.StdoutTruncated, outcome.StderrTruncated, outcome.LeftoversGone, outcome.NotStartedBecause, null, false);

    public static WatchOutcome Outcome(SandboxReply r) => new(r.ExitCode, r.StdoutTruncated, r.StderrTruncated, r.LeftoversGone, r.NotStarted);
}

/// <summary>A run request (all fields) or a cancellation (operation and id only).</summary>
internal sealed record SandboxMessage(
    string Operation,
    long Id,
    string? Program,
    IReadOnlyList<string>? Arguments,
    IReadOnlyDictionary<string, string>? Environment,
    string? WorkingDirectory,
    string? StdoutLog,
    string? StderrLog,
    double TimeoutMs,
    string? Marker,
    string? Label,
    long MaxLogBytes,
    double KillGraceMs,
    double LogDrainGraceMs);

/// <summary>How a run ended; <see cref="Error"/> when the supervisor failed it, <see cref="Cancelled"/> when it was cancelled.</summary>
internal sealed record SandboxReply(
    long Id,
    int? ExitCode,
    bool StdoutTruncated,
    bool StderrTruncated,
    bool LeftoversGone,
    string? NotStarted,
    string? Error,
    bool Cancelled);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SandboxMessage))]
[JsonSerializable(typeof(SandboxReply))]
internal sealed partial class SandboxJson : JsonSerializerContext;
