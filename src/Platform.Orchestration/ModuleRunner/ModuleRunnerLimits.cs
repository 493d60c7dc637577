using Platform.Domain.Errors;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Bounds on what a module can make the platform hold or wait for. The defaults are the contract's
/// (1 MiB logs); the others are generous for real modules and small enough to keep a hostile one cheap.
/// </summary>
public sealed record ModuleRunnerLimits
{
    public const int MiB = 1 << 20;

    /// <summary>Bytes kept of stdout and of stderr, each; the rest is read and dropped.</summary>
    public long MaxLogBytes { get; init; } = MiB;

    /// <summary>A larger result file is not read at all and fails the run.</summary>
    public long MaxResultFileBytes { get; init; } = MiB;

    /// <summary>Most entries a result's <c>files</c> list may have.</summary>
    public int MaxListedFiles { get; init; } = 10_000;

    /// <summary>Longest path a <c>files</c> entry may be, in characters.</summary>
    public int MaxListedPathLength { get; init; } = 1_024;

    /// <summary>
    /// How long to wait, after the module exited or was killed, for its output pipes to close
    /// (a leftover process we could not find may hold them) before the logs are cut off.
    /// </summary>
    public TimeSpan LogDrainGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for killed processes to be gone before giving up on them.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Most persistent workers (docs/module-workers.md) kept waiting for their next request, per
    /// runner or sandbox; beyond it the one idle longest is retired.
    /// </summary>
    public int MaxIdleWorkers { get; init; } = 32;

    public static ModuleRunnerLimits Default { get; } = new();

    /// <summary>These limits, once every rule holds (else an <see cref="ArgumentException"/> naming the broken one).</summary>
    public ModuleRunnerLimits Validated()
    {
        OptionRules.Positive(MaxLogBytes, nameof(MaxLogBytes));
        OptionRules.Positive(MaxResultFileBytes, nameof(MaxResultFileBytes));
        OptionRules.Positive(MaxListedFiles, nameof(MaxListedFiles));
        OptionRules.Positive(MaxListedPathLength, nameof(MaxListedPathLength));
        OptionRules.NotNegative(LogDrainGrace, nameof(LogDrainGrace));
        OptionRules.Positive(KillGrace, nameof(KillGrace));
        OptionRules.Positive(MaxIdleWorkers, nameof(MaxIdleWorkers));
        return this;
    }
}
