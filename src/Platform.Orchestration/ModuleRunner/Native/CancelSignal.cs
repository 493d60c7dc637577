namespace Platform.Orchestration.ModuleRunner.Native;

/// <summary>
/// An eventfd that becomes readable when a cancellation token fires, so a poll(2) on a module's
/// pipes also wakes for cancellation. <see cref="Fd"/> is -1 (ignored by poll) for a token that
/// can never fire.
/// </summary>
internal sealed unsafe class CancelSignal : IDisposable
{
    private readonly CancellationTokenRegistration registration;

    public CancelSignal(CancellationToken token)
    {
        if (!token.CanBeCanceled)
        {
            Fd = -1;
            return;
        }
        Fd = Libc.EventFd(0, Libc.CloseOnExec);
        if (Fd < 0)
        {
            throw new InvalidOperationException("eventfd failed: " + Libc.Describe(System.Runtime.InteropServices.Marshal.GetLastPInvokeError()));
        }
        registration = token.Register(static state =>
        {
            ulong one = 1;
            Libc.Write((int)state!, (byte*)&one, sizeof(ulong));
        }, Fd);
    }

    public int Fd { get; }

    public void Dispose()
    {
        // Unregistering waits for a callback already running, so the fd is never written after it closes.
        registration.Dispose();
        if (Fd >= 0)
        {
            Libc.Close(Fd);
        }
    }
}
