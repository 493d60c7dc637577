namespace Platform.Orchestration.ModuleRunner.Native;

/// <summary>
/// An eventfd that becomes readable when a cancellation token fires, so a poll(2) on a module's
/// pipes also wakes for cancellation. <see cref="Fd"/> is -1 (ignored by poll) for a token that
/// can never fire. An eventfd whose token did not fire is kept for the thread's next run (two system
/// calls fewer per run); a thread keeps at most one, close-on-exec, for the process's life.
/// </summary>
internal sealed unsafe class CancelSignal : IDisposable
{
    [ThreadStatic]
    private static int spare;

    private readonly CancellationTokenRegistration registration;
    private readonly CancellationToken token;

    public CancelSignal(CancellationToken token)
    {
        if (!token.CanBeCanceled)
        {
            Fd = -1;
            return;
        }
        this.token = token;
        // 0 marks "none kept" (an eventfd that got descriptor 0 is never kept).
        (Fd, spare) = spare > 0 ? (spare, 0) : (Libc.EventFd(0, Libc.CloseOnExec), 0);
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
        if (Fd < 0)
        {
            return;
        }
        // A token that fired may have written the eventfd: it is never reused.
        if (spare == 0 && Fd > 0 && !token.IsCancellationRequested)
        {
            spare = Fd;
            return;
        }
        Libc.Close(Fd);
    }
}
