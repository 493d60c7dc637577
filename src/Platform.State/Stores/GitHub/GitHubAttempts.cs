namespace Platform.State.Stores.GitHub;

/// <summary>
/// One request's attempts so far, kept by the retry pipeline: how many went out, how long it waited
/// for rate limits, and why it stopped trying when it stopped early. Messages and the callers that
/// give a retried answer its meaning (a DELETE answered 404 after a lost answer is done) read it.
/// </summary>
public sealed class GitHubAttempts(bool repeatableOnceSent)
{
    /// <summary>
    /// False for a request that must not go out again once GitHub may have acted on it (an upload:
    /// a second one could leave a duplicate or a <c>starter</c> asset). It is still repeated when
    /// nothing was sent, or when GitHub refused it for a rate limit.
    /// </summary>
    public bool RepeatableOnceSent { get; } = repeatableOnceSent;

    /// <summary>Attempts sent, the first included.</summary>
    public int Count { get; set; }

    /// <summary>What this request has waited in all for rate limits (asked for, or after a secondary limit).</summary>
    public TimeSpan RateLimitWaited { get; set; }

    /// <summary>Secondary limits that named no wait, each answered with a doubled one.</summary>
    public int SecondaryLimits { get; set; }

    /// <summary>A wait GitHub asked for (or the backoff needed) that would have gone beyond the request's rate-limit budget.</summary>
    public TimeSpan? RefusedWait { get; set; }

    /// <summary>True when a setback after sending was not retried because the request is not repeatable.</summary>
    public bool HeldBack { get; set; }

    /// <summary>The setback the pipeline is about to wait out, and the wait it chose.</summary>
    internal (GitHubSetback Setback, TimeSpan Wait)? Planned { get; set; }
}
