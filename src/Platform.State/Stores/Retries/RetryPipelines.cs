using Platform.Files.Files;
using Platform.State.Stores.GitHub;
using Platform.State.Stores.Leases;
using Polly;
using Polly.Retry;

namespace Platform.State.Stores.Retries;

/// <summary>
/// Every retry the stores make, built with Polly in this one place: what is tried again, how often,
/// and how long to wait in between (a growing, capped pause unless the other side says how long).
/// Waits go through the given <see cref="TimeProvider"/>, so tests pass one that never sleeps.
/// Bounded ones end at a deadline, passed with each execution (<see cref="UntilDeadline"/>).
/// </summary>
public static class RetryPipelines
{
    private static readonly ResiliencePropertyKey<DateTimeOffset> Deadline = new("platform.deadline");

    /// <summary>Each round of a lease takes a few requests; the bound keeps a misbehaving store from looping forever.</summary>
    private const int MaxLeaseRounds = 1_000;

    /// <summary>
    /// GitHub requests: a network failure, or an answer <paramref name="isTransient"/> accepts (5xx, rate
    /// limits), is tried again up to <see cref="GitHubStoreOptions.MaxAttempts"/> in all, after the wait
    /// <paramref name="askedWait"/> reads from the answer's headers, else a growing one, never over
    /// <see cref="GitHubStoreOptions.MaxRetryWait"/>.
    /// </summary>
    public static ResiliencePipeline<HttpResponseMessage> GitHub(
        GitHubStoreOptions options, Func<HttpResponseMessage, bool> isTransient, Func<HttpResponseMessage, TimeSpan?> askedWait, TimeProvider clock)
    {
        if (options.MaxAttempts == 1)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            ShouldHandle = args => ValueTask.FromResult(
                args.Outcome.Exception is HttpRequestException or TaskCanceledException or IOException ||
                (args.Outcome.Result is { } response && isTransient(response))),
            DelayGenerator = args =>
            {
                var wait = (args.Outcome.Result is { } response ? askedWait(response) : null)
                    ?? Exponential(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(250), options.MaxRetryWait, args.AttemptNumber);
                return ValueTask.FromResult<TimeSpan?>(wait < TimeSpan.Zero ? TimeSpan.Zero : wait > options.MaxRetryWait ? options.MaxRetryWait : wait);
            },
            OnRetry = args =>
            {
                args.Outcome.Result?.Dispose(); // the answer we retry is never read: free its connection
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    /// <summary>
    /// A git-ref lease: a round that found a live holder is tried again after a growing pause (up to
    /// <see cref="GitRefLeaseOptions.MaxPause"/>) until the deadline; one that lost a race, at once.
    /// </summary>
    public static ResiliencePipeline<LeaseRound> GitRefLease(GitRefLeaseOptions options, TimeProvider clock) =>
        new ResiliencePipelineBuilder<LeaseRound> { TimeProvider = clock }.AddRetry(new RetryStrategyOptions<LeaseRound>
        {
            MaxRetryAttempts = MaxLeaseRounds - 1,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Lease: null } round &&
                (round.AgainAtOnce || clock.GetUtcNow() < args.Context.Properties.GetValue(Deadline, default))),
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Result.AgainAtOnce
                ? TimeSpan.Zero
                : Exponential(TimeSpan.FromMilliseconds(250), TimeSpan.Zero, options.MaxPause, args.AttemptNumber)),
        }).Build();

    /// <summary>
    /// An OS file lock another process holds is waited for (short, growing pauses) until the deadline.
    /// A folder that refuses for good (<see cref="DiskRefusal"/>) is never retried.
    /// </summary>
    public static ResiliencePipeline<FileStream> FileLock(TimeProvider clock) => new ResiliencePipelineBuilder<FileStream> { TimeProvider = clock }.AddRetry(new RetryStrategyOptions<FileStream>
    {
        MaxRetryAttempts = int.MaxValue,
        ShouldHandle = args => ValueTask.FromResult(
            args.Outcome.Exception is IOException { HResult: DiskRefusal.LockHeld } e && !DiskRefusal.Is(e) &&
            clock.GetUtcNow() < args.Context.Properties.GetValue(Deadline, default)),
        DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
            Exponential(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(200), args.AttemptNumber)),
    }).Build();

    /// <summary>Runs <paramref name="action"/> through <paramref name="pipeline"/>, retrying no later than <paramref name="deadline"/>.</summary>
    public static T UntilDeadline<T>(ResiliencePipeline<T> pipeline, DateTimeOffset deadline, Func<T> action)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            context.Properties.Set(Deadline, deadline);
            return pipeline.Execute(_ => action(), context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary><paramref name="first"/> doubled per attempt (0-based) plus up to <paramref name="jitter"/>, at most <paramref name="cap"/>.</summary>
    private static TimeSpan Exponential(TimeSpan first, TimeSpan jitter, TimeSpan cap, int attempt)
    {
        var ms = first.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 62)) + Random.Shared.NextDouble() * jitter.TotalMilliseconds;
        return ms >= cap.TotalMilliseconds ? cap : TimeSpan.FromMilliseconds(ms);
    }
}
