using Platform.Domain;
using Platform.Orchestration.Pricing;
using Platform.Orchestration.Running;

namespace Platform.Orchestration.Settlement;

/// <summary>Why a module's charges are refunded, which decides how much.</summary>
public enum RefundGround
{
    /// <summary>Nothing is refunded: the module completed, or failed for a reason the policy keeps.</summary>
    None,

    /// <summary>Outputs came from a cache: the run is refunded, the purchased artifacts are not.</summary>
    CacheHit,

    /// <summary>Never executed, or failed for a refundable reason: everything charged.</summary>
    NotDelivered,

    /// <summary>Completed, but its purchased artifacts could not be published: the save to release.</summary>
    ArtifactsFailed,
}

/// <summary>The refund rule of SPEC §11, in one place and without I/O.</summary>
public static class RefundDecision
{
    /// <param name="status">The module's <see cref="StepOutcome"/> status.</param>
    /// <param name="refundableReason">Whether reason_policy.csv makes the failure's reason code refundable.</param>
    /// <param name="refundsFit">False when the work order's refunds could overflow the balance: then none is posted.</param>
    public static RefundGround Decide(StepStatus status, bool cacheHit, bool refundableReason, bool artifactsFailed, bool refundsFit) =>
        !refundsFit ? RefundGround.None
        : cacheHit ? RefundGround.CacheHit
        : status == StepStatus.NotExecuted || (status == StepStatus.Failed && refundableReason) ? RefundGround.NotDelivered
        : artifactsFailed ? RefundGround.ArtifactsFailed
        : RefundGround.None;

    /// <summary>The run and save-to-release credits a ground refunds out of what the module was charged.</summary>
    public static (Credits Run, Credits SaveToRelease) Amounts(RefundGround ground, StepPrice price) => ground switch
    {
        RefundGround.CacheHit => (price.Run, Credits.Zero),
        RefundGround.NotDelivered => (price.Run, price.SaveToRelease),
        RefundGround.ArtifactsFailed => (Credits.Zero, price.SaveToRelease),
        _ => (Credits.Zero, Credits.Zero),
    };
}
