using Platform.Domain.Errors;

namespace Platform.State.Stores.Leases;

/// <summary>
/// The git-ref lease's name and bounds. The writer lease's time to live covers one state transaction
/// (hydrate, apply, publish), never a module run: the orchestrator does not hold the writer lease
/// while modules run (it holds its own run lease, with other options).
/// </summary>
public sealed record GitRefLeaseOptions
{
    /// <summary>A branch name GitHub lists with the repository's refs; workflows should ignore pushes to it.</summary>
    public string RefName { get; init; } = "refs/heads/platform-lease";

    public TimeSpan TimeToLive { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long to wait for another holder before giving up with a state conflict (exit 3).</summary>
    public TimeSpan Wait { get; init; } = FileLease.DefaultWait;

    public TimeSpan MaxPause { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When set, the holder pushes its expiry forward on this period, which must be shorter than
    /// <see cref="TimeToLive"/>: a transaction slower than the time to live keeps its lease.
    /// </summary>
    public TimeSpan? RenewEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>These options, once every rule holds (else an <see cref="ArgumentException"/> naming the broken one).</summary>
    public GitRefLeaseOptions Validated()
    {
        OptionRules.Require(RefName?.StartsWith("refs/heads/", StringComparison.Ordinal) == true && RefName.Length > "refs/heads/".Length,
            nameof(RefName), RefName, "must name a branch ref (refs/heads/...)");
        OptionRules.Positive(TimeToLive, nameof(TimeToLive));
        OptionRules.NotNegative(Wait, nameof(Wait));
        OptionRules.Positive(MaxPause, nameof(MaxPause));
        if (RenewEvery is { } every)
        {
            OptionRules.Positive(every, nameof(RenewEvery));
            OptionRules.Require(every < TimeToLive, nameof(RenewEvery), every, $"must be shorter than {nameof(TimeToLive)}={TimeToLive}, or the lease expires between renewals");
        }
        return this;
    }
}
