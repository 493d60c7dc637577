using System.Diagnostics;
using System.Text;
using Platform.Orchestration.ModuleRunner.Native;

namespace Platform.Orchestration.ModuleRunner.Workers;

/// <summary>
/// One request to a worker: the request line written to its stdin, its stderr copied into the run's
/// capped stderr.log, one result line read from its stdout, all within the run's timeout. A timeout,
/// an exit, stdout closed, more than one line, a line longer than the result file's limit or a
/// request the worker does not read kills the worker (its whole group and what it started) and fails
/// the run. After a good answer, whatever the worker started during the request is killed, as it
/// would be at a process run's end; the worker itself stays for the next request.
/// </summary>
internal static class WorkerWatch
{
    private const string ClosedStdout = "closed its stdout";

    public static WatchOutcome Serve(WatchRequest request, ModuleWorker worker, CancellationToken cancellationToken, Func<bool>? sweep)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var limits = request.Limits;
        var process = worker.Process;
        using var cancel = new CancelSignal(cancellationToken);
        // Nothing reaches stdout.log but what broke the protocol, for the operator to see.
        using var stdout = new CappedLog(request.StdoutLog, limits.MaxLogBytes);
        using var stderr = new CappedLog(request.StderrLog, limits.MaxLogBytes);
        var input = Encoding.UTF8.GetBytes(request.WorkerLine + "\n");
        // Between requests the worker's stdin is empty: the request goes in at once, without a poll for room first.
        var sent = process.WriteInput(input);
        var line = new MemoryStream();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            byte[]? result = null;
            var problem = sent < 0 ? "closed its stdin before taking the request" : null;
            sent = sent < 0 ? input.Length : sent;
            var until = Stopwatch.GetTimestamp() + (long)(request.Timeout.TotalSeconds * Stopwatch.Frequency);
            while (result is null && problem is null)
            {
                var left = (until - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
                var ready = process.Wait(cancel.Fd, left <= 0 ? 0 : (int)Math.Ceiling(Math.Min(left, int.MaxValue)), input: sent < input.Length);
                if (ready.Cancelled)
                {
                    worker.Kill(limits.KillGrace);
                    cancellationToken.ThrowIfCancellationRequested();
                }
                if (ready.Input && sent < input.Length)
                {
                    var written = process.WriteInput(input.AsSpan(sent));
                    sent = written < 0 ? input.Length : sent + written;
                    problem = written < 0 ? "closed its stdin before taking the request" : null;
                }
                if (ready.Stderr)
                {
                    stderr.Append(buffer.AsSpan(0, process.Read(fromStderr: true, buffer)));
                }
                if (ready.Stdout)
                {
                    var read = process.Read(fromStderr: false, buffer);
                    (result, problem) = read == 0 ? (null, ClosedStdout) : Take(buffer.AsSpan(0, read), line, limits.MaxResultFileBytes, stdout, request.WorkerRunId);
                }
                if (ready.Exited && problem is null && result is null)
                {
                    problem = "exited";
                }
                if (result is null && problem is null && (ready.TimedOut || Stopwatch.GetTimestamp() >= until))
                {
                    Keep(stdout, line.ToArray());
                    return End(request, worker, stdout, stderr, sweep, exitCode: null, problem: null, result: null);
                }
            }
            if (problem is null && sent < input.Length)
            {
                problem = "answered before taking the whole request";
            }
            if (problem is not null)
            {
                return End(request, worker, stdout, stderr, sweep, exitCode: 0, problem, result: null);
            }
            Drain(process, stderr, buffer);
            // What the worker started for this request ends with it, as a process run's leftovers do.
            var gone = worker.Leftovers.KillLeftovers(worker.Boundary, limits.KillGrace, worker: process.Pid);
            worker.Boundary = Math.Max(worker.Boundary, worker.Leftovers.Newest);
            gone = (sweep?.Invoke() ?? true) && gone;
            return new WatchOutcome(0, stdout.Finish(false).Truncated, stderr.Finish(false).Truncated, gone, null, result);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            worker.Kill(limits.KillGrace);
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Adds what stdout gave to the line; the line once it ends, or why the output broke the protocol.</summary>
    private static (byte[]? Line, string? Problem) Take(ReadOnlySpan<byte> read, MemoryStream line, long maxBytes, CappedLog stdout, string? runId)
    {
        var end = read.IndexOf((byte)'\n');
        line.Write(end < 0 ? read : read[..end]);
        if (line.Length > maxBytes)
        {
            Keep(stdout, line.ToArray());
            return (null, $"printed a line longer than {maxBytes} bytes on stdout");
        }
        if (end < 0)
        {
            return (null, null);
        }
        var complete = line.ToArray();
        if (AnswerProblem(complete, runId) is { } problem)
        {
            Keep(stdout, complete);
            return (null, problem);
        }
        if (end + 1 < read.Length)
        {
            Keep(stdout, [.. complete, (byte)'\n', .. read[(end + 1)..]]);
            return (null, "printed more than one line on stdout for one request");
        }
        return (complete, null);
    }

    /// <summary>Keeps the start of what broke the protocol in stdout.log: enough to see what it was.</summary>
    private static void Keep(CappedLog stdout, ReadOnlySpan<byte> output) => stdout.Append(output[..Math.Min(output.Length, 4096)]);

    /// <summary>
    /// Null for one JSON object whose <c>module_run_id</c>, if it has one, is the request's; else why the
    /// line broke the protocol (an answer naming another run is a late answer to an earlier request).
    /// </summary>
    private static string? AnswerProblem(byte[] line, string? runId)
    {
        // A reader pass, not a document: in a sandbox supervisor (one per tenant) JsonDocument's first use
        // cost ~0.2 ms per module run of the 2,000-work-order benchmark (bench/README.md).
        const string notAnObject = "printed a line on stdout that is not a JSON object";
        var reader = new System.Text.Json.Utf8JsonReader(line, new System.Text.Json.JsonReaderOptions { MaxDepth = 16 });
        try
        {
            if (!reader.Read() || reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
            {
                return notAnObject;
            }
            string? named = null;
            while (reader.Read() && reader.TokenType == System.Text.Json.JsonTokenType.PropertyName)
            {
                var isRunId = reader.ValueTextEquals("module_run_id"u8);
                reader.Read();
                if (isRunId && reader.TokenType == System.Text.Json.JsonTokenType.String)
                {
                    named = reader.GetString();
                }
                reader.Skip();
            }
            if (reader.TokenType != System.Text.Json.JsonTokenType.EndObject || reader.Read())
            {
                return notAnObject;
            }
            return named is null || runId is null || named == runId ? null
                : $"answered for run {named} while run {runId} was asked (a late answer to an earlier request)";
        }
        catch (System.Text.Json.JsonException)
        {
            return notAnObject;
        }
    }

    /// <summary>
    /// Copies what stderr holds now into the log, without waiting for more. Polls at least once, which
    /// also tells whether the worker has exited (<see cref="ModuleProcess.ExitSeen"/>).
    /// </summary>
    private static void Drain(ModuleProcess process, CappedLog stderr, byte[] buffer)
    {
        while (process.Wait(-1, 0) is { Stderr: true } && process.IsOpen(stderrPipe: true))
        {
            var read = process.Read(fromStderr: true, buffer);
            if (read == 0)
            {
                return;
            }
            stderr.Append(buffer.AsSpan(0, read));
        }
    }

    /// <summary>Kills the worker and everything it started; the run fails (timed out when <paramref name="exitCode"/> is null).</summary>
    private static WatchOutcome End(WatchRequest request, ModuleWorker worker, CappedLog stdout, CappedLog stderr, Func<bool>? sweep,
        int? exitCode, string? problem, byte[]? result)
    {
        var buffer = new byte[64 * 1024];
        var code = worker.Process.IsOpen(stderrPipe: true) ? DrainAndKill(worker, stderr, buffer, request.Limits.KillGrace) : worker.Kill(request.Limits.KillGrace);
        var gone = sweep?.Invoke() ?? true;
        // Stdout closes as a worker exits: an exit code other than SIGKILL's says it exited on its own.
        const int killed = 128 + Libc.SigKill;
        var exited = problem == "exited" || (problem == ClosedStdout && code is int c && c != killed);
        var detail = problem is null ? null
            : exited ? $"the worker exited with code {code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} before answering"
            : $"the worker {problem}; it was killed";
        return new WatchOutcome(exitCode, stdout.Finish(false).Truncated, stderr.Finish(false).Truncated, gone, null, result, detail);
    }

    private static int? DrainAndKill(ModuleWorker worker, CappedLog stderr, byte[] buffer, TimeSpan grace)
    {
        worker.Process.KillGroup();
        Drain(worker.Process, stderr, buffer);
        return worker.Kill(grace);
    }
}
