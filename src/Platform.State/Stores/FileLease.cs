using Platform.Domain.Errors;
using Platform.Files.Files;
using Platform.State.Stores.Leases;
using Platform.State.Stores.Retries;
using Polly;

namespace Platform.State.Stores;

/// <summary>
/// A writer lease held as an exclusive OS file lock. The kernel drops the lock when its holder dies,
/// however it dies, so a killed writer never blocks the next one.
/// </summary>
public sealed class FileLease : IHeldLease
{
    private readonly FileStream stream;

    private FileLease(FileStream stream) => this.stream = stream;

    public static TimeSpan DefaultWait { get; } = TimeSpan.FromMinutes(10);


    public static FileLease Acquire(string lockPath, TimeSpan wait)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockPath))!);
        try
        {
            FileStream Open() => new(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            try
            {
                return new FileLease(Open());
            }
            catch (IOException e) when (e.HResult == DiskRefusal.LockHeld && wait > TimeSpan.Zero)
            {
                return new FileLease(Contention.WaitFor(wait, Open));
            }
        }
        catch (Exception e) when (DiskRefusal.Is(e))
        {
            throw PlatformException.StoreUnavailable($"cannot take the lease: {DiskRefusal.Describe(e)}");
        }
        catch (IOException e) when (e.HResult == DiskRefusal.LockHeld)
        {
            throw PlatformException.Conflict(wait > TimeSpan.Zero
                ? $"the lease {lockPath} stayed taken for {wait.TotalSeconds:0} s"
                : $"the lease {lockPath} is held by another process");
        }
    }

    /// <summary>The kernel holds the lock until this process lets go: it is never lost.</summary>
    public CancellationToken Lost => CancellationToken.None;

    public void Dispose() => stream.Dispose();

    /// <summary>
    /// Waiting for a lock another process holds, through the retry pipeline. Kept apart from the free-lock
    /// path so that Polly is loaded only on contention: loading it cost a short command ~5%.
    /// </summary>
    private static class Contention
    {
        private static readonly ResiliencePipeline<FileStream> Retries = RetryPipelines.FileLock(TimeProvider.System);

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static FileStream WaitFor(TimeSpan wait, Func<FileStream> open) =>
            RetryPipelines.UntilDeadline(Retries, TimeProvider.System.GetUtcNow() + wait, open);
    }
}
