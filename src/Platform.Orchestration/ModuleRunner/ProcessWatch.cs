using System.Diagnostics;
using Platform.Domain.Errors;
using Platform.Orchestration.ModuleRunner.Native;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Starts one module process and watches it to its end: its output copied into capped logs, its
/// timeout enforced, and every process it left behind killed. The same code runs in the platform
/// (no sandbox) and in a tenant's sandbox supervisor (<see cref="Sandbox.SandboxSupervisor"/>).
/// </summary>
internal static class ProcessWatch
{
    /// <summary>
    /// Runs the request to the end, its timeout or <paramref name="cancellationToken"/>; on
    /// cancellation the processes are killed before <see cref="OperationCanceledException"/> is thrown.
    /// </summary>
    /// <param name="sweep">Run after the module's own leftovers are swept: a sandbox kills every stray process
    /// there when no other run is active. False when it found any.</param>
    public static WatchOutcome Run(WatchRequest request, CancellationToken cancellationToken, Func<bool>? sweep = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var process = ModuleProcess.Start(request.Program, request.Arguments, request.Environment, request.WorkingDirectory, out var spawnProblem);
        if (process is null)
        {
            return WatchOutcome.NotStarted($"could not start '{request.Program}': {spawnProblem}");
        }
        return Watch(request, process, cancellationToken, sweep);
    }

    /// <summary>
    /// Copies the module's output into its logs until it exits (or its timeout, or cancellation), ends
    /// every process of the run and waits for the output pipes to close. The exit code is null when the
    /// module was killed at its timeout.
    /// </summary>
    private static WatchOutcome Watch(WatchRequest request, ModuleProcess process, CancellationToken cancellationToken, Func<bool>? sweep)
    {
        var limits = request.Limits;
        using var cancel = new CancelSignal(cancellationToken);
        using var stdout = new CappedLog(request.StdoutLog, limits.MaxLogBytes);
        using var stderr = new CappedLog(request.StderrLog, limits.MaxLogBytes);
        var leftovers = new RunProcesses(request.Marker);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var (exitCode, leftoversGone) = RunToEnd(request, process, cancel.Fd, stdout, stderr, leftovers, buffer, sweep, cancellationToken);
            var stdoutCapture = stdout.Finish(process.IsOpen(stderrPipe: false));
            var stderrCapture = stderr.Finish(process.IsOpen(stderrPipe: true));
            return new WatchOutcome(exitCode, stdoutCapture.Truncated, stderrCapture.Truncated, leftoversGone, null);
        }
        catch
        {
            // Whatever failed on the platform's side, the module must not outlive the runner.
            process.KillGroup();
            leftovers.KillLeftovers(process.Pid, limits.KillGrace);
            throw;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Where a watched run is; each phase ends at its own deadline.</summary>
    private enum Phase
    {
        /// <summary>Running, until its timeout.</summary>
        Running,

        /// <summary>Killed at its timeout; it has the kill grace to be gone.</summary>
        Killed,

        /// <summary>Exited and reaped; its output pipes have the log drain grace to close.</summary>
        Draining,
    }

    /// <summary>
    /// Copies output into the logs through the three phases. The exit code is null when the module was
    /// killed at its timeout.
    /// </summary>
    private static (int? ExitCode, bool LeftoversGone) RunToEnd(WatchRequest request, ModuleProcess process, int cancelFd,
        CappedLog stdout, CappedLog stderr, RunProcesses leftovers, byte[] buffer, Func<bool>? sweep, CancellationToken cancellationToken)
    {
        var limits = request.Limits;
        var phase = Phase.Running;
        int? exitCode = null;
        var leftoversGone = false;
        var until = Deadline(request.Timeout);
        while (phase != Phase.Draining || process.HasOpenOutput)
        {
            var ready = process.Wait(cancelFd, MillisecondsUntil(until));
            // Checked on the clock too: a module that writes without pause never lets poll time out.
            var expired = ready.TimedOut || Stopwatch.GetTimestamp() >= until;
            if (ready.Cancelled)
            {
                if (phase != Phase.Draining)
                {
                    EndAll(request, process, leftovers, sweep);
                }
                cancellationToken.ThrowIfCancellationRequested();
            }
            if (ready.Stdout)
            {
                stdout.Append(buffer.AsSpan(0, process.Read(fromStderr: false, buffer)));
            }
            if (ready.Stderr)
            {
                stderr.Append(buffer.AsSpan(0, process.Read(fromStderr: true, buffer)));
            }
            if (ready.Exited)
            {
                // Whatever the module left running must not outlive its run, write into outputs/
                // while they are checked, or hold the log pipes open.
                (var code, leftoversGone) = EndAll(request, process, leftovers, sweep);
                exitCode = phase == Phase.Killed ? null : code;
                (phase, until) = (Phase.Draining, Deadline(limits.LogDrainGrace));
                continue;
            }
            if (!expired)
            {
                continue;
            }
            switch (phase)
            {
                case Phase.Running:
                    process.KillGroup();
                    leftovers.KillLeftovers(process.Pid, TimeSpan.Zero);
                    (phase, until) = (Phase.Killed, Deadline(limits.KillGrace));
                    break;
                case Phase.Killed:
                    throw new PlatformException($"Module {request.Label} survived being killed.");
                default:
                    // A process the sweep could not find still holds the pipes: cut the logs off.
                    return (exitCode, leftoversGone);
            }
        }
        return (exitCode, leftoversGone);
    }

    private static long Deadline(TimeSpan after) => Stopwatch.GetTimestamp() + (long)(after.TotalSeconds * Stopwatch.Frequency);

    /// <summary>
    /// Kills the module's group (the module included, if still running), reaps the module and sweeps
    /// for leftovers; whether all of them are gone comes back with the exit code.
    /// </summary>
    private static (int Code, bool LeftoversGone) EndAll(WatchRequest request, ModuleProcess process, RunProcesses leftovers, Func<bool>? sweep)
    {
        process.KillGroup();
        // A process stuck in the kernel (a hung network mount) ignores even SIGKILL: give up on it
        // rather than block the platform.
        if (!process.WaitForExit(request.Limits.KillGrace))
        {
            throw new PlatformException($"Module {request.Label} survived being killed.");
        }
        var code = process.Reap();
        var gone = leftovers.KillLeftovers(process.Pid, request.Limits.KillGrace);
        return (code, (sweep?.Invoke() ?? true) && gone);
    }

    private static int MillisecondsUntil(long timestamp)
    {
        var remaining = (timestamp - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
        return remaining <= 0 ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(remaining));
    }
}

/// <summary>One module process to start and watch: everything already resolved by the runner.</summary>
/// <param name="Program">The program's absolute path.</param>
/// <param name="Arguments">argv, including argv[0].</param>
/// <param name="Environment">The module's whole environment.</param>
/// <param name="Marker">The run's request file: every process that carries it in PLATFORM_REQUEST_FILE belongs to the run.</param>
/// <param name="Label">Names the run in errors: "U2T (run AbCdEfGh)".</param>
/// <param name="WorkerLine">For a worker's run: the request line sent to the worker (then <see cref="Environment"/> is the worker's).</param>
/// <param name="WorkerKey">For a worker's run: which worker serves it (one per tenant and module); never shared between keys.</param>
/// <param name="WorkerRunId">For a worker's run: the request's module_run_id, which an answer that names one must name.</param>
internal sealed record WatchRequest(
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    string StdoutLog,
    string StderrLog,
    TimeSpan Timeout,
    string Marker,
    string Label,
    ModuleRunnerLimits Limits,
    string? WorkerLine = null,
    string? WorkerKey = null,
    string? WorkerRunId = null);

/// <summary>How a watched process ended.</summary>
/// <param name="ExitCode">Null when it was killed at its timeout (or never started).</param>
/// <param name="LeftoversGone">Every process of the run is known to be gone.</param>
/// <param name="NotStartedBecause">Set when the process could not be started at all.</param>
/// <param name="Result">A worker's result line (without its newline).</param>
/// <param name="WorkerProblem">Why a worker's run failed although it was not killed at its timeout (it crashed, or broke the protocol).</param>
internal sealed record WatchOutcome(int? ExitCode, bool StdoutTruncated, bool StderrTruncated, bool LeftoversGone, string? NotStartedBecause,
    byte[]? Result = null, string? WorkerProblem = null)
{
    public static WatchOutcome NotStarted(string reason) => new(null, false, false, true, reason);
}
