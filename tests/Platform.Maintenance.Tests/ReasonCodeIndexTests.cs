using Platform.Domain.Errors;
using Platform.Maintenance.Reasons;
using Platform.Maintenance.Running;
using Platform.Repository.MaintenanceState;

namespace Platform.Maintenance.Tests;

public sealed class ReasonCodeIndexTests
{
    [Fact]
    public void Codes_and_refundability_come_from_maintenance_state()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        var index = ReasonCodeIndex.Read(repo.Root);
        var moduleReason = index.Module(ModuleId.Parse("U2T", "module_id"), "topic_missing");
        var globalReason = index.Global("module_failed");
        Assert.NotNull(moduleReason);
        Assert.NotNull(globalReason);
        Assert.True(index.IsRefundable(moduleReason.Value));
        Assert.False(index.IsRefundable(globalReason.Value));
        Assert.Null(index.Global("no_such_slug"));
    }

    [Fact]
    public void Missing_maintenance_state_is_bad_input()
    {
        using var repo = new SampleRepository();
        var ex = Assert.Throws<PlatformException>(() => ReasonCodeIndex.Read(repo.Root));
        Assert.Equal(ExitCode.BadInput, ex.ExitCode);
    }
}
