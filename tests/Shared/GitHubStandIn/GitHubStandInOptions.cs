namespace Platform.Tests.Shared;

/// <summary>
/// What the GitHub stand-in hosts and how it starts. Every value has a working default: a private
/// repository <c>acme/platform</c> with one commit on <c>main</c>, a fresh token, the real clock.
/// </summary>
public sealed record GitHubStandInOptions
{
    public string Owner { get; init; } = "acme";

    public string Repo { get; init; } = "platform";

    /// <summary>The one token the stand-in accepts, as <c>token …</c> or <c>Bearer …</c>.</summary>
    public string Token { get; init; } = "ghs_standin" + Guid.NewGuid().ToString("N");

    /// <summary>What <c>GET /repos/{owner}/{repo}</c> says under <c>private</c>; can be changed later.</summary>
    public bool Private { get; init; } = true;

    public string DefaultBranch { get; init; } = "main";

    /// <summary>The stand-in's clock: timestamps, rate-limit windows, download signatures.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Tag refs seeded at start (<c>refs/tags/&lt;prefix&gt;0000</c> …), as a busy repository holds.</summary>
    public int ExtraTags { get; init; }

    public string ExtraTagPrefix { get; init; } = "r-";

    /// <summary>The primary rate limit the headers count against (per hour); refused only when <see cref="StandInFaults.EnforcePrimaryLimit"/>.</summary>
    public int PrimaryLimit { get; init; } = 5_000;

    /// <summary>GitHub's limit of assets per release (uploads beyond it are 422 <c>file_count</c>).</summary>
    public int MaxAssetsPerRelease { get; init; } = 1_000;

    /// <summary>The largest request body read (GitHub's own asset limit is 2 GiB; tests stay far below).</summary>
    public long MaxRequestBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>The first IDs handed out; GitHub's are large and grow across all repositories.</summary>
    public long FirstReleaseId { get; init; } = 180_000_001;

    public long FirstAssetId { get; init; } = 260_000_001;

    public StandInFaults Faults { get; init; } = StandInFaults.None;
}
