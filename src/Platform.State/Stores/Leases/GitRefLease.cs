using Platform.Domain.Errors;
using Platform.Domain.Time;
using Platform.State.Stores.Releases;
using Platform.State.Stores.Retries;
using Polly;

namespace Platform.State.Stores.Leases;

/// <summary>
/// A writer lease shared by every machine that reaches the store: the ref <c>refs/heads/platform-lease</c>.
/// Taking it is creating the ref, which git makes atomic: of two writers, one gets "already exists".
/// The ref points at a commit whose message names the holder and an expiry. A lease past its expiry
/// (its holder died) is broken by fast-forwarding the ref to a new lease commit whose parent is the
/// stale one: GitHub only moves a ref along history without force, so of two breakers only one
/// wins, and nobody can break a lease that was renewed or replaced meanwhile.
/// Release deletes the ref if it still points at the holder's commit. With
/// <see cref="GitRefLeaseOptions.RenewEvery"/> set, the holder moves its expiry forward on that
/// period (a new lease commit on top of its own), so a long holder keeps a short time to live and a
/// dead one is broken soon.
/// </summary>
public sealed class GitRefLease : IStoreLease
{
    private const string Title = "platform-lease";
    private const string ExpiresKey = "expires: ";

    private readonly IReleaseStore store;
    private readonly TimeProvider clock;
    private readonly GitRefLeaseOptions options;
    private readonly ResiliencePipeline<LeaseRound> rounds;

    /// <param name="clock">Reads and writes expiries and times the pauses between rounds.</param>
    public GitRefLease(IReleaseStore store, TimeProvider clock, GitRefLeaseOptions? options = null)
    {
        this.store = store;
        this.clock = clock;
        this.options = (options ?? new GitRefLeaseOptions()).Validated();
        rounds = RetryPipelines.GitRefLease(this.options, clock);
    }

    public IHeldLease Acquire()
    {
        string? lastHolder = null;
        var last = RetryPipelines.UntilDeadline(rounds, clock.GetUtcNow() + options.Wait, () => Round(ref lastHolder));
        return last.Lease ?? throw PlatformException.Conflict(
            $"the writer lease {options.RefName} stayed taken for {options.Wait.TotalSeconds:0} s (holder: {lastHolder ?? "unknown"}); it is broken once it expires");
    }

    /// <summary>One try: create the ref, or break it when its holder's lease expired.</summary>
    private LeaseRound Round(ref string? lastHolder)
    {
        var mine = store.CreateCommit(Message(), null);
        if (store.TryCreateRef(options.RefName, mine))
        {
            return new LeaseRound(new Held(this, mine), false);
        }
        var current = store.GetRef(options.RefName);
        if (current is null)
        {
            return new LeaseRound(null, true); // released between our create and our read: try again at once
        }
        if (current.Sha == mine)
        {
            return new LeaseRound(new Held(this, mine), false); // our create succeeded, but its answer was lost and retried
        }
        var message = store.GetCommit(current.Sha).Message;
        lastHolder = message.ReplaceLineEndings(" ").Trim();
        if (ExpiryOf(message) is { } expiry && expiry < clock.GetUtcNow())
        {
            var breaker = store.CreateCommit(Message(), current.Sha);
            return store.TryFastForwardRef(options.RefName, breaker)
                ? new LeaseRound(new Held(this, breaker), false)
                : new LeaseRound(null, true); // someone else broke or released it first
        }
        return new LeaseRound(null, false);
    }

    private string Message() =>
        $"{Title}\n\nholder: {Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}\n{ExpiresKey}{Timestamp.ToText(clock.GetUtcNow() + options.TimeToLive)}\n";

    /// <summary>The expiry of a lease commit; null for a commit this platform did not write, which is never broken.</summary>
    private static DateTimeOffset? ExpiryOf(string message)
    {
        if (!message.StartsWith(Title, StringComparison.Ordinal))
        {
            return null;
        }
        var line = message.Split('\n').FirstOrDefault(l => l.StartsWith(ExpiresKey, StringComparison.Ordinal));
        return line is not null && Timestamp.TryParse(line[ExpiresKey.Length..].Trim(), out var expiry) ? expiry : null;
    }

    /// <summary>A lease this process holds.</summary>
    public sealed class Held : IHeldLease
    {
        private readonly GitRefLease lease;
        private readonly Lock gate = new();
        private readonly ITimer? renewal;
        private string sha;
        private bool released;

        internal Held(GitRefLease lease, string sha)
        {
            this.lease = lease;
            this.sha = sha;
            if (lease.options.RenewEvery is { } every)
            {
                renewal = lease.clock.CreateTimer(_ => Renew(), null, every, every);
            }
        }

        private readonly CancellationTokenSource lost = new();

        /// <summary>False once the lease was lost: broken by another holder after it expired, or deleted.</summary>
        public bool IsHeld => !lost.IsCancellationRequested;

        public CancellationToken Lost => lost.Token;

        /// <summary>
        /// Moves the expiry forward; false when the ref no longer holds our commit (then nothing
        /// changes). A failed request is tried again at the next period.
        /// </summary>
        public bool Renew()
        {
            lock (gate)
            {
                if (released || !IsHeld)
                {
                    return false;
                }
                try
                {
                    var next = lease.store.CreateCommit(lease.Message(), sha);
                    // Our new commit sits on our own: a ref moved by a breaker (or deleted) refuses it.
                    // A refusal whose ref already shows our commit was our own move, its answer lost.
                    if (lease.store.TryFastForwardRef(lease.options.RefName, next) || lease.store.GetRef(lease.options.RefName)?.Sha == next)
                    {
                        sha = next;
                        return true;
                    }
                    lost.Cancel();
                    return false;
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Runs on a timer thread, where an escaping exception would end the process:
                    // whatever failed (the store unreachable, a malformed answer) is tried again next period.
                    return false;
                }
            }
        }

        /// <summary>
        /// Releases the lease, as far as the store lets it: a release that fails (or waits over 30 s
        /// behind a renewal stuck on the network) leaves the ref to expire, and never replaces what
        /// the holder's own work came to.
        /// </summary>
        public void Dispose()
        {
            renewal?.Dispose();
            if (!gate.TryEnter(TimeSpan.FromSeconds(30)))
            {
                return;
            }
            try
            {
                if (released)
                {
                    return;
                }
                released = true;
                // A lease that expired under us may now be someone else's: delete only our own.
                if (lease.store.GetRef(lease.options.RefName)?.Sha == sha)
                {
                    lease.store.DeleteRef(lease.options.RefName);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Left to expire.
            }
            finally
            {
                gate.Exit();
                lost.Dispose();
            }
        }
    }
}
