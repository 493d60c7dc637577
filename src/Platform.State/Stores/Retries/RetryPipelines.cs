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

    private static readonly ResiliencePropertyKey<GitHubAttempts> Attempts = new("platform.github.attempts");

    /// <summary>Each round of a lease takes a few requests; the bound keeps a misbehaving store from looping forever.</summary>
    private const int MaxLeaseRounds = 1_000;

    /// <summary>
    /// GitHub requests, each executed through <see cref="SendGitHub"/> with its <see cref="GitHubAttempts"/>:
    /// up to <see cref="GitHubStoreOptions.MaxAttempts"/> in all, each after the wait <see cref="NextGitHubWait"/> picks.
    /// </summary>
    public static ResiliencePipeline<HttpResponseMessage> GitHub(GitHubStoreOptions options, TimeProvider clock)
    {
        if (options.MaxAttempts == 1)
        {
            return ResiliencePipeline<HttpResponseMessage>.Empty;
        }
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = clock }.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
        {
            MaxRetryAttempts = options.MaxAttempts - 1,
            ShouldHandle = args =>
            {
                var attempts = args.Context.Properties.GetValue(Attempts, null!);
                var setback = GitHubSetback.Of(args.Outcome.Result, args.Outcome.Exception, clock.GetUtcNow());
                attempts.Planned = NextGitHubWait(options, setback, attempts) is { } wait ? (setback, wait) : null;
                return ValueTask.FromResult(attempts.Planned is not null);
            },
            DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Context.Properties.GetValue(Attempts, null!).Planned?.Wait),
            OnRetry = args =>
            {
                // Only a wait really made counts: the last attempt's plan is never waited out.
                var attempts = args.Context.Properties.GetValue(Attempts, null!);
                if (attempts.Planned is ({ } setback, var wait))
                {
                    if (setback.AskedWait is not null || setback.Kind == GitHubSetbackKind.RateLimited)
                    {
                        attempts.RateLimitWaited += wait;
                    }
                    if (setback is { Kind: GitHubSetbackKind.RateLimited, AskedWait: null })
                    {
                        attempts.SecondaryLimits++;
                    }
                }
                args.Outcome.Result?.Dispose(); // the answer we retry is never read: free its connection
                return ValueTask.CompletedTask;
            },
        }).Build();
    }

    /// <summary>Sends one GitHub request through <paramref name="pipeline"/>, counting its attempts in <paramref name="attempts"/>.</summary>
    public static HttpResponseMessage SendGitHub(ResiliencePipeline<HttpResponseMessage> pipeline, GitHubAttempts attempts, Func<HttpResponseMessage> send)
    {
        var context = ResilienceContextPool.Shared.Get();
        try
        {
            context.Properties.Set(Attempts, attempts);
            return pipeline.Execute(_ =>
            {
                attempts.Count++;
                return send();
            }, context);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// How long to wait before trying a GitHub request again after <paramref name="setback"/>, or null to stop:
    /// <list type="bullet">
    /// <item>a wait GitHub asks for (Retry-After, rate-limit reset) is made in full, unless it would take the
    /// request's rate-limit waits beyond <see cref="GitHubStoreOptions.MaxRateLimitWait"/>: then it stops at once;</item>
    /// <item>a rate limit that asks for nothing (a secondary limit) waits <see cref="GitHubStoreOptions.SecondaryLimitWait"/>,
    /// doubling each time, cut to what is left of the budget but never below the minute;</item>
    /// <item>a server error or a network failure waits 0.5 s doubling (with jitter) up to <see cref="GitHubStoreOptions.MaxRetryWait"/>;
    /// one after the request may have gone out is not retried when the request is not repeatable (an upload).</item>
    /// </list>
    /// </summary>
    public static TimeSpan? NextGitHubWait(GitHubStoreOptions options, GitHubSetback setback, GitHubAttempts attempts)
    {
        if (setback.Kind == GitHubSetbackKind.None)
        {
            return null;
        }
        if (setback.Kind is GitHubSetbackKind.ServerError or GitHubSetbackKind.BrokenOff && !attempts.RepeatableOnceSent)
        {
            attempts.HeldBack = true;
            return null;
        }
        var budgetLeft = options.MaxRateLimitWait - attempts.RateLimitWaited;
        if (setback.AskedWait is { } asked)
        {
            if (asked <= budgetLeft)
            {
                return asked;
            }
            attempts.RefusedWait = asked;
            return null;
        }
        if (setback.Kind == GitHubSetbackKind.RateLimited)
        {
            var wait = GitHubStoreOptions.SecondaryLimitWait * Math.Pow(2, Math.Min(attempts.SecondaryLimits, 20));
            if (budgetLeft < GitHubStoreOptions.SecondaryLimitWait)
            {
                attempts.RefusedWait = wait;
                return null;
            }
            return wait > budgetLeft ? budgetLeft : wait;
        }
        return Exponential(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(250), options.MaxRetryWait, attempts.Count - 1);
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
