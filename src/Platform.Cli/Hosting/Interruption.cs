using System.Runtime.InteropServices;

namespace Platform.Cli.Hosting;

/// <summary>
/// Turns the first SIGINT (Ctrl+C), SIGTERM, SIGHUP or SIGQUIT into a cancellation, so a long command
/// stops its work cleanly: the orchestrator kills the modules it started, which run in process groups
/// of their own and would not see the signal. A second signal ends the process at once, after
/// <paramref name="beforeExit"/> (the orchestrator's: kill every module still running).
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly Action beforeExit;
    private readonly PosixSignalRegistration[] registrations;

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
        source.Dispose();
    }

    private PosixSignalRegistration Register(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
    {
        if (Signal is null)
        {
            Signal = context.Signal;
            context.Cancel = true;
            source.Cancel();
            return;
        }
        // The default action (ending the process) follows.
        beforeExit();
    });
}
