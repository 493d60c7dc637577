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

    private static readonly ResiliencePipeline<FileStream> Retries = RetryPipelines.FileLock(TimeProvider.System);

    public static FileLease Acquire(string lockPath, TimeSpan wait)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lockPath))!);
        try
        {
            return new FileLease(RetryPipelines.UntilDeadline(Retries, TimeProvider.System.GetUtcNow() + wait,
                () => new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None)));
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
}
