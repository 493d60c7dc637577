using System.Runtime.InteropServices;

namespace Platform.Cli.Hosting;

/// <summary>
/// Turns the first SIGINT (Ctrl+C) or SIGTERM into a cancellation, so a long command stops its work
/// cleanly (the orchestrator kills the modules it started, which run in process groups of their own
/// and would not see the signal). A second signal ends the process at once, as usual.
/// </summary>
public sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;

    public Interruption()
    {
        registrations = [Register(PosixSignal.SIGINT), Register(PosixSignal.SIGTERM)];
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
        }
    });
}
