using Platform.Orchestration;
using Platform.Orchestration.ModuleRunner;

namespace Platform.Orchestration.Tests.ModuleRunner;

/// <summary>The runner's limits and the orchestrator's options refuse values that break their rules, naming the option.</summary>
public sealed class LimitsRuleTests
{
    private static void Refused(Func<object> validate, string option) =>
        Assert.StartsWith(option + "=", Assert.Throws<ArgumentException>(validate).Message, StringComparison.Ordinal);

    [Fact]
    public void The_default_limits_hold_every_rule() => ModuleRunnerLimits.Default.Validated();

    [Fact]
    public void Sizes_and_counts_must_be_positive()
    {
        Refused(() => (ModuleRunnerLimits.Default with { MaxLogBytes = 0 }).Validated(), "MaxLogBytes");
        Refused(() => (ModuleRunnerLimits.Default with { MaxResultFileBytes = -1 }).Validated(), "MaxResultFileBytes");
        Refused(() => (ModuleRunnerLimits.Default with { MaxListedFiles = 0 }).Validated(), "MaxListedFiles");
        Refused(() => (ModuleRunnerLimits.Default with { MaxListedPathLength = 0 }).Validated(), "MaxListedPathLength");
    }

    [Fact]
    public void The_kill_grace_must_be_positive_and_the_drain_grace_not_negative()
    {
        Refused(() => (ModuleRunnerLimits.Default with { KillGrace = TimeSpan.Zero }).Validated(), "KillGrace");
        Refused(() => (ModuleRunnerLimits.Default with { LogDrainGrace = TimeSpan.FromSeconds(-1) }).Validated(), "LogDrainGrace");
        (ModuleRunnerLimits.Default with { LogDrainGrace = TimeSpan.Zero }).Validated();
    }

    [Fact]
    public void The_runner_refuses_bad_limits_when_built()
    {
        Assert.Throws<ArgumentException>(() => new ModuleProcessRunner(TimeProvider.System, new Dictionary<string, string>(), ModuleRunnerLimits.Default with { KillGrace = TimeSpan.Zero }));
    }

    [Fact]
    public void An_orchestrator_run_needs_a_runtime_folder_and_positive_parallelism_and_batches()
    {
        new OrchestratorOptions("runtime").Validated();
        Refused(() => new OrchestratorOptions("").Validated(), "RuntimeDir");
        Refused(() => new OrchestratorOptions("runtime", Parallelism: 0).Validated(), "Parallelism");
        Refused(() => new OrchestratorOptions("runtime", SettleBatchSize: 0).Validated(), "SettleBatchSize");
    }
}
