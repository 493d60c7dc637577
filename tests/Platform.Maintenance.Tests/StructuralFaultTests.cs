using Platform.Maintenance.Running;

namespace Platform.Maintenance.Tests;

public sealed class StructuralFaultTests
{
    public static TheoryData<string, string, string> Faults => new()
    {
        { "invalid module folder name", "modules/ZQ-5", "ZQ-5" },
        { "module_id differs from its folder", "modules/ZQ5/module.yml", "ZQ6" },
        { "unknown dependency", "modules/mrB/module.yml", "Zzz" },
        { "dependency cycle", "modules/U2T/module.yml", "U2T -> ZQ5 -> U2T" },
        { "duplicate reason_key", "modules/mrB/validation.yml", "hf7" },
        { "work order file name differs", "tenants/Bx9Lm4/workorders/Zg7PleqD.yml", "Zg7PleqC" },
        { "unparsable YAML", "tenants/Ac7Kq2/tenant.yml", "" },
        { "damaged reason policy", "maintenance-state/reason_policy.csv", "maybe" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public void A_structural_fault_is_an_error_and_leaves_maintenance_state_untouched(string fault, string file, string value)
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        SampleModules.AddModule(repo, "Nw1");
        Break(repo, fault);
        var before = Snapshot.Of(repo.Root);
        var report = new MaintenanceRunner().Run(repo.Root);
        Assert.False(report.Succeeded);
        Assert.Empty(report.FilesWritten);
        Assert.Contains(report.Errors, e => e.File == file && (value.Length == 0 || e.Value == value));
        Assert.Equal(before, Snapshot.Of(repo.Root));
        Assert.False(new MaintenanceRunner().Check(repo.Root).Succeeded);
    }

    private static void Break(SampleRepository repo, string fault)
    {
        void Replace(string file, string from, string to) => repo.Write(file, repo.Read(file).Replace(from, to, StringComparison.Ordinal));
        switch (fault)
        {
            case "invalid module folder name":
                Directory.Move(repo.PathOf("modules/ZQ5"), repo.PathOf("modules/ZQ-5"));
                break;
            case "module_id differs from its folder":
                Replace("modules/ZQ5/module.yml", "module_id: ZQ5", "module_id: ZQ6");
                break;
            case "unknown dependency":
                Replace("modules/mrB/module.yml", "depends_on: [U2T]", "depends_on: [Zzz]");
                break;
            case "dependency cycle":
                Replace("modules/U2T/module.yml", "depends_on: []", "depends_on: [ZQ5]");
                break;
            case "duplicate reason_key":
                Replace("modules/mrB/validation.yml", "reason_key: KYn", "reason_key: hf7");
                break;
            case "work order file name differs":
                File.Move(repo.PathOf("tenants/Bx9Lm4/workorders/Zg7PleqC.yml"), repo.PathOf("tenants/Bx9Lm4/workorders/Zg7PleqD.yml"));
                break;
            case "unparsable YAML":
                repo.Write("tenants/Ac7Kq2/tenant.yml", "tenant_id: Ac7Kq2\n  status: : [\n");
                break;
            case "damaged reason policy":
                var lines = repo.Read("maintenance-state/reason_policy.csv").Split('\n');
                lines[1] = lines[1].Split(',')[0] + ",maybe,";
                repo.Write("maintenance-state/reason_policy.csv", string.Join('\n', lines));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, null);
        }
    }
}
