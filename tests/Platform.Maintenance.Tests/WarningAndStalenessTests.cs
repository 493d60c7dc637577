using Platform.Benchmarks;
using Platform.Maintenance.Running;
using Platform.Maintenance.Seams;
using Platform.Maintenance.Verification;
using Platform.Repository.Loading;

namespace Platform.Maintenance.Tests;

public sealed class WarningAndStalenessTests
{
    [Fact]
    public void Work_order_content_problems_are_warnings_and_maintenance_succeeds()
    {
        using var repo = new SampleRepository();
        repo.Write("tenants/Bx9Lm4/workorders/Zg7PleqC.yml",
            "work_order_id: Zg7PleqC\nmodules:\n  - {module_id: Qq1}\n  - {module_id: U2T, inputs: {}}\n  - {module_id: ZQ5}\n");
        var report = new MaintenanceRunner().Run(repo.Root);
        Assert.True(report.Succeeded);
        Assert.Contains(report.Warnings, w => w.Value == "Qq1");
        Assert.Contains(report.Warnings, w => w.Value == "topic");
        Assert.Contains(report.Warnings, w => w.Value == "ZQ5" && w.Message.Contains("mrB", StringComparison.Ordinal));
        Assert.Contains("Bx9Lm4,Zg7PleqC,true,PARTIAL_ALLOWED,Qq1 U2T ZQ5,,false,", repo.Read("maintenance-state/workorders_index.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public void Orchestrator_staleness_ignores_work_order_edits()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        repo.Write("tenants/Bx9Lm4/workorders/Zg7PleqC.yml", repo.Read("tenants/Bx9Lm4/workorders/Zg7PleqC.yml").Replace("Tide energy", "Wave energy", StringComparison.Ordinal));
        repo.Write("tenants/Bx9Lm4/workorders/Ab3dEf7h.yml", "work_order_id: Ab3dEf7h\nmodules:\n  - {module_id: U2T, inputs: {topic: new}}\n");
        var repository = RepositoryLoader.Load(repo.Root).RequireValid();
        Assert.Empty(MaintenanceStaleness.FindForOrchestrator(repository));
        Assert.Contains("maintenance-state/workorders_index.csv", new MaintenanceRunner().Check(repo.Root).StaleFiles);
    }

    [Theory]
    [InlineData("module")]
    [InlineData("reason")]
    [InlineData("tenant")]
    [InlineData("config")]
    public void Orchestrator_staleness_sees_modules_reasons_tenants_and_config(string change)
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        switch (change)
        {
            case "module":
                SampleModules.AddModule(repo, "Nw1");
                break;
            case "reason":
                repo.Write("modules/U2T/validation.yml", repo.Read("modules/U2T/validation.yml") + "  - {reason_key: Nq9, reason_slug: extra, category_id: module, description: x}\n");
                break;
            case "tenant":
                repo.Write("tenants/Bx9Lm4/tenant.yml", repo.Read("tenants/Bx9Lm4/tenant.yml").Replace("allow_release_consumers: []", "allow_release_consumers: [Ac7Kq2]", StringComparison.Ordinal));
                break;
            default:
                repo.Write("config/platform_policy.yml", "platform_artifacts_enabled_default: false\n");
                break;
        }
        Assert.NotEmpty(MaintenanceStaleness.FindForOrchestrator(RepositoryLoader.Load(repo.Root).RequireValid()));
    }

    [Fact]
    public void Verify_reports_errors_warnings_and_stale_files()
    {
        using var repo = new SampleRepository();
        Assert.Contains("maintenance-state/reason_catalog.csv", RepositoryVerifier.Verify(repo.Root).StaleFiles);
        new MaintenanceRunner().Run(repo.Root);
        Assert.True(RepositoryVerifier.Verify(repo.Root).Passed);
        repo.Write("tenants/Bx9Lm4/workorders/Zg7PleqC.yml", "work_order_id: Zg7PleqC\nmodules:\n  - {module_id: Qq1}\n");
        var report = RepositoryVerifier.Verify(repo.Root);
        Assert.False(report.Passed);
        Assert.Contains(report.All, v => v.Value == "Qq1");
        Assert.Contains(report.All, v => v.File == "maintenance-state/workorders_index.csv");
    }

    [Fact]
    public void Seams_are_called_after_a_successful_run_and_never_by_check()
    {
        using var repo = new SampleRepository();
        var seam = new RecordingSeams();
        var report = new MaintenanceRunner(seam, seam).Run(repo.Root);
        Assert.Equal(["release ensured", "cache prune dry-run"], report.StepSummaries);
        new MaintenanceRunner(seam, seam).Check(repo.Root);
        repo.Write("tenants/Ac7Kq2/tenant.yml", "tenant_id: [");
        new MaintenanceRunner(seam, seam).Run(repo.Root);
        Assert.Equal(1, seam.Calls);
    }

    [Fact]
    public void Generated_large_repository_is_valid_and_maintained()
    {
        var root = Path.Combine(Path.GetTempPath(), "platform-large-" + Guid.NewGuid().ToString("N"));
        try
        {
            new LargeRepositoryGenerator { Modules = 25, Tenants = 40, WorkOrders = 200 }.Write(root);
            var report = new MaintenanceRunner().Run(root);
            Assert.True(report.Succeeded, string.Join('\n', report.Errors));
            Assert.Empty(report.Warnings);
            Assert.Equal(201, File.ReadAllLines(Path.Combine(root, "maintenance-state/workorders_index.csv")).Length);
            Assert.Empty(new MaintenanceRunner().Run(root).FilesWritten);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private sealed class RecordingSeams : IBillingStateReleaseEnsurer, ICachePruneDryRun
    {
        public int Calls { get; private set; }

        public string EnsureBillingStateRelease(string repoRoot)
        {
            Calls++;
            return "release ensured";
        }

        public string RunCachePruneDryRun(string repoRoot) => "cache prune dry-run";
    }
}
