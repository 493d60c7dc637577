using Platform.Domain;
using Platform.Orchestration.Planning;
using Platform.Orchestration.Pricing;
using Platform.Orchestration.Settlement;
using Platform.Orchestration.Running;

namespace Platform.Orchestration.Tests.Settlement;

/// <summary>The refund rule (SPEC §11) over its whole matrix: status × reason policy × cache hit × artifacts × fit.</summary>
public sealed class RefundDecisionTests
{
    private static readonly StepStatus[] Statuses = [StepStatus.Completed, StepStatus.Failed, StepStatus.NotExecuted];
    private static readonly bool[] Both = [false, true];

    [Fact]
    public void A_module_never_executed_is_refunded_in_full()
    {
        foreach (var (refundable, artifactsFailed) in Flags())
        {
            Assert.Equal(RefundGround.NotDelivered, Ran(StepStatus.NotExecuted, refundable, artifactsFailed));
        }
    }

    [Fact]
    public void A_failure_for_a_refundable_reason_is_refunded_in_full()
    {
        foreach (var artifactsFailed in Both)
        {
            Assert.Equal(RefundGround.NotDelivered, Ran(StepStatus.Failed, refundable: true, artifactsFailed));
        }
    }

    [Fact]
    public void A_completed_module_or_a_kept_failure_refunds_only_artifacts_that_failed_to_publish()
    {
        foreach (var (status, refundable) in new[] { (StepStatus.Completed, false), (StepStatus.Completed, true), (StepStatus.Failed, false) })
        {
            Assert.Equal(RefundGround.None, Ran(status, refundable, artifactsFailed: false));
            Assert.Equal(RefundGround.ArtifactsFailed, Ran(status, refundable, artifactsFailed: true));
        }
    }

    [Fact]
    public void A_cache_hit_refunds_the_run_whatever_else_holds()
    {
        foreach (var (status, refundable, artifactsFailed) in Combinations())
        {
            Assert.Equal(RefundGround.CacheHit, RefundDecision.Decide(status, cacheHit: true, refundable, artifactsFailed, refundsFit: true));
        }
    }

    [Fact]
    public void Refunds_that_could_overflow_the_balance_are_all_withheld()
    {
        foreach (var (status, refundable, artifactsFailed) in Combinations())
        {
            foreach (var cacheHit in Both)
            {
                Assert.Equal(RefundGround.None, RefundDecision.Decide(status, cacheHit, refundable, artifactsFailed, refundsFit: false));
            }
        }
    }

    [Theory]
    [InlineData(RefundGround.None, 0, 0)]
    [InlineData(RefundGround.CacheHit, 10, 0)]
    [InlineData(RefundGround.NotDelivered, 10, 5)]
    [InlineData(RefundGround.ArtifactsFailed, 0, 5)]
    public void Each_ground_refunds_its_part_of_the_charge(RefundGround ground, long run, long save)
    {
        var price = new StepPrice(ModuleId.Parse("U2T", "module_id"), new Credits(10), new Credits(5), true, null);

        Assert.Equal((new Credits(run), new Credits(save)), RefundDecision.Amounts(ground, price));
    }

    [Theory]
    [InlineData("write_failed", true)]          // MODULE scope: refundable by default
    [InlineData("module_failed", false)]        // GLOBAL scope: kept by default
    [InlineData("module_timeout", false)]
    [InlineData("secret_missing", true)]        // the one GLOBAL reason refundable by default
    public void A_failure_is_refunded_as_its_scope_and_policy_say(string slug, bool refunded)
    {
        using var repo = new SampleRepository(withMaintenanceState: true);
        var reasons = ReasonBook.Load(repo.Root);
        var code = reasons.ForModule(ModuleId.Parse("U2T", "module_id"), slug);

        var ground = RefundDecision.Decide(StepStatus.Failed, false, reasons.IsRefundable(code), false, true);

        Assert.Equal(refunded ? RefundGround.NotDelivered : RefundGround.None, ground);
    }

    [Fact]
    public void An_admin_policy_edit_makes_a_global_failure_refundable()
    {
        using var repo = new SampleRepository(withMaintenanceState: true);
        var policy = "maintenance-state/reason_policy.csv";
        repo.Write(policy, repo.Read(policy).Replace("9P2Ehz,false,", "9P2Ehz,true,", StringComparison.Ordinal));
        var reasons = ReasonBook.Load(repo.Root);

        var code = reasons.ForModule(ModuleId.Parse("U2T", "module_id"), "module_failed");

        Assert.Equal(RefundGround.NotDelivered, RefundDecision.Decide(StepStatus.Failed, false, reasons.IsRefundable(code), false, true));
    }

    private static RefundGround Ran(StepStatus status, bool refundable, bool artifactsFailed) =>
        RefundDecision.Decide(status, cacheHit: false, refundable, artifactsFailed, refundsFit: true);

    private static IEnumerable<(bool Refundable, bool ArtifactsFailed)> Flags() => from refundable in Both from artifactsFailed in Both select (refundable, artifactsFailed);

    private static IEnumerable<(StepStatus Status, bool Refundable, bool ArtifactsFailed)> Combinations() =>
        from status in Statuses from refundable in Both from artifactsFailed in Both select (status, refundable, artifactsFailed);
}
