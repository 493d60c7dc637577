using Platform.Files.Files;
using Platform.State.Stores.Retries;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.Retries;

/// <summary>The file lease's retries: a lock held elsewhere is waited for, a refusing folder never.</summary>
public sealed class FileLockRetryTests
{
    private readonly InstantDelays clock = new();
    private int calls;

    private FileStream Open(Func<int, Exception?> failure)
    {
        var pipeline = RetryPipelines.FileLock(clock);
        return RetryPipelines.UntilDeadline(pipeline, clock.GetUtcNow() + TimeSpan.FromSeconds(1), () =>
        {
            if (failure(++calls) is { } e)
            {
                throw e;
            }
            return null!;
        });
    }

    private static IOException LockHeld() => new("held", DiskRefusal.LockHeld);

    [Fact]
    public void A_lock_held_elsewhere_is_waited_for_with_growing_capped_pauses()
    {
        Open(call => call <= 3 ? LockHeld() : null);

        Assert.Equal(4, calls);
        Assert.Equal(3, clock.Waits.Count);
        Assert.True(clock.Waits[0] < clock.Waits[1] && clock.Waits[1] < clock.Waits[2], string.Join(", ", clock.Waits));
        Assert.All(clock.Waits, w => Assert.InRange(w, TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public void Waiting_ends_at_the_deadline_with_the_lock_still_held()
    {
        var error = Assert.Throws<IOException>(() => Open(_ => LockHeld()));

        Assert.Equal(DiskRefusal.LockHeld, error.HResult);
        Assert.InRange(clock.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
    }

    [Theory]
    [InlineData(28)] // ENOSPC
    [InlineData(30)] // EROFS
    [InlineData(122)] // EDQUOT
    public void A_full_or_read_only_folder_is_not_retried(int errno)
    {
        Assert.Throws<IOException>(() => Open(_ => new IOException("refused", errno)));

        Assert.Equal(1, calls);
        Assert.Empty(clock.Waits);
    }

    [Fact]
    public void A_folder_not_ours_to_write_is_not_retried()
    {
        Assert.Throws<UnauthorizedAccessException>(() => Open(_ => new UnauthorizedAccessException("EACCES")));

        Assert.Equal(1, calls);
    }
}
