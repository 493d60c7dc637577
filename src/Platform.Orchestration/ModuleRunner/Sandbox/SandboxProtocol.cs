namespace Platform.Orchestration.ModuleRunner.Sandbox;

/// <summary>
/// What the platform and a sandbox supervisor say to each other over the supervisor's stdin and
/// stdout: small binary frames (BinaryWriter's length-prefixed UTF-8 strings). Binary rather than
/// JSON because a supervisor starts once per tenant and JSON's first use cost it ~30 ms of start-up.
/// </summary>
internal static class SandboxProtocol
{
    private const byte RunOperation = 1;
    private const byte CancelOperation = 2;

    public static void WriteRun(BinaryWriter writer, long id, WatchRequest request)
    {
        writer.Write(RunOperation);
        writer.Write(id);
        writer.Write(request.Program);
        writer.Write(request.Arguments.Count);
        foreach (var argument in request.Arguments)
        {
            writer.Write(argument);
        }
        writer.Write(request.Environment.Count);
        foreach (var (key, value) in request.Environment)
        {
            writer.Write(key);
            writer.Write(value);
        }
        writer.Write(request.WorkingDirectory);
        writer.Write(request.StdoutLog);
        writer.Write(request.StderrLog);
        writer.Write(request.Timeout.Ticks);
        writer.Write(request.Marker);
        writer.Write(request.Label);
        writer.Write(request.Limits.MaxLogBytes);
        writer.Write(request.Limits.KillGrace.Ticks);
        writer.Write(request.Limits.LogDrainGrace.Ticks);
        writer.Write(request.Limits.MaxIdleWorkers);
        WriteOptional(writer, request.WorkerLine);
        WriteOptional(writer, request.WorkerKey);
        WriteOptional(writer, request.WorkerRunId);
        writer.Flush();
    }

    public static void WriteCancel(BinaryWriter writer, long id)
    {
        writer.Write(CancelOperation);
        writer.Write(id);
        writer.Flush();
    }

    /// <summary>The next message: a run (with its request) or a cancellation (request null); null at the end of the stream.</summary>
    public static (long Id, WatchRequest? Request)? ReadMessage(BinaryReader reader)
    {
        var operation = reader.BaseStream.ReadByte();
        if (operation < 0)
        {
            return null;
        }
        var id = reader.ReadInt64();
        if (operation == CancelOperation)
        {
            return (id, null);
        }
        var program = reader.ReadString();
        var arguments = new string[reader.ReadInt32()];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = reader.ReadString();
        }
        var count = reader.ReadInt32();
        var environment = new Dictionary<string, string>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            environment[reader.ReadString()] = reader.ReadString();
        }
        return (id, new WatchRequest(program, arguments, environment, reader.ReadString(), reader.ReadString(), reader.ReadString(),
            TimeSpan.FromTicks(reader.ReadInt64()), reader.ReadString(), reader.ReadString(),
            ModuleRunnerLimits.Default with
            {
                MaxLogBytes = reader.ReadInt64(),
                KillGrace = TimeSpan.FromTicks(reader.ReadInt64()),
                LogDrainGrace = TimeSpan.FromTicks(reader.ReadInt64()),
                MaxIdleWorkers = reader.ReadInt32(),
            },
            ReadOptional(reader), ReadOptional(reader), ReadOptional(reader)));
    }

    public static void WriteReply(BinaryWriter writer, SandboxReply reply)
    {
        writer.Write(reply.Id);
        writer.Write(reply.ExitCode ?? int.MinValue);
        writer.Write((byte)((reply.StdoutTruncated ? 1 : 0) | (reply.StderrTruncated ? 2 : 0) | (reply.LeftoversGone ? 4 : 0) | (reply.Cancelled ? 8 : 0)));
        WriteOptional(writer, reply.NotStarted);
        WriteOptional(writer, reply.Error);
        WriteOptional(writer, reply.WorkerProblem);
        writer.Write(reply.Result?.Length ?? -1);
        if (reply.Result is not null)
        {
            writer.Write(reply.Result);
        }
        writer.Flush();
    }

    /// <summary>The next reply; null at the end of the stream.</summary>
    public static SandboxReply? ReadReply(BinaryReader reader)
    {
        Span<byte> first = stackalloc byte[8];
        if (reader.BaseStream.ReadAtLeast(first, 8, throwOnEndOfStream: false) < 8)
        {
            return null;
        }
        var id = BitConverter.ToInt64(first);
        var exit = reader.ReadInt32();
        var flags = reader.ReadByte();
        var notStarted = ReadOptional(reader);
        var error = ReadOptional(reader);
        var workerProblem = ReadOptional(reader);
        var length = reader.ReadInt32();
        return new SandboxReply(id, exit == int.MinValue ? null : exit, (flags & 1) != 0, (flags & 2) != 0, (flags & 4) != 0,
            notStarted, error, (flags & 8) != 0, length < 0 ? null : reader.ReadBytes(length), workerProblem);
    }

    public static SandboxReply Reply(long id, WatchOutcome outcome) =>
        new(id, outcome.ExitCode, outcome.StdoutTruncated, outcome.StderrTruncated, outcome.LeftoversGone, outcome.NotStartedBecause, null, false,
            outcome.Result, outcome.WorkerProblem);

    public static WatchOutcome Outcome(SandboxReply r) =>
        new(r.ExitCode, r.StdoutTruncated, r.StderrTruncated, r.LeftoversGone, r.NotStarted, r.Result, r.WorkerProblem);

    private static void WriteOptional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}

/// <summary>How a run ended; <see cref="Error"/> when the supervisor failed it, <see cref="Cancelled"/> when it was cancelled.</summary>
internal sealed record SandboxReply(
    long Id,
    int? ExitCode,
    bool StdoutTruncated,
    bool StderrTruncated,
    bool LeftoversGone,
    string? NotStarted,
    string? Error,
    bool Cancelled,
    byte[]? Result = null,
    string? WorkerProblem = null);
