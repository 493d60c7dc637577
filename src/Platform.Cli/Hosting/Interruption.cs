using System.Runtime.InteropServices;

namespace Platform.Cli.Hosting;

/// <summary>
/// Turns the first SIGINT (Ctrl+C), SIGTERM, SIGHUP or SIGQUIT into a cancellation, so a long command
/// stops its work cleanly: the orchestrator kills the modules it started, which run in process groups
/// of their own and would not see the signal. A second signal ends the process at once, after
/// <paramref name="beforeExit"/> (the orchestrator's: kill every module still running). Whatever the
/// work is stuck in, the process ends at the latest <see cref="Deadline"/> after the first signal, the
/// same way: state changes are crash-safe, so ending mid-transaction loses nothing acknowledged.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly Action beforeExit;
    private readonly PosixSignalRegistration[] registrations;
    private Timer? watchdog;

    /// <summary>How long the work has to stop after the first signal before the process ends anyway.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public Interruption(Action beforeExit)
    {
        this.beforeExit = beforeExit;
        registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT }.Select(Register)];
    }

    public CancellationToken Token => source.Token;

    /// <summary>The signal that cancelled <see cref="Token"/>, once one has.</summary>
    public PosixSignal? Signal { get; private set; }

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }
        watchdog?.Dispose();
        source.Dispose();
    }

    private PosixSignalRegistration Register(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
    {
        if (Signal is null)
        {
            Signal = context.Signal;
            context.Cancel = true;
            watchdog = new Timer(_ =>
            {
                Console.Error.WriteLine($"error: still busy {Deadline.TotalSeconds:0} s after {Signal}; ending now (the next run finishes what was charged)");
                beforeExit();
                Environment.Exit(1);
            }, null, Deadline, Timeout.InfiniteTimeSpan);
            source.Cancel();
            return;
        }
        // The default action (ending the process) follows.
        beforeExit();
    });
}
