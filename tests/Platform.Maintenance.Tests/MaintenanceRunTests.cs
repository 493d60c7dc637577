using Platform.Maintenance.Running;

namespace Platform.Maintenance.Tests;

public sealed class MaintenanceRunTests
{
    private static readonly string[] StateFiles =
    [
        "maintenance-state/ids/category_registry.csv",
        "maintenance-state/ids/reason_registry.csv",
        "maintenance-state/reason_catalog.csv",
        "maintenance-state/reason_policy.csv",
        "maintenance-state/tenant_relationships.csv",
        "maintenance-state/module_dependency_index.csv",
        "maintenance-state/module_requirements_index.csv",
        "maintenance-state/module_artifacts_policy.csv",
        "maintenance-state/platform_policy.csv",
        "maintenance-state/workorders_index.csv",
        "maintenance-state/maintenance_manifest.csv",
    ];

    [Fact]
    public void Maintenance_writes_every_file_with_its_exact_header()
    {
        using var repo = new SampleRepository();
        var report = new MaintenanceRunner().Run(repo.Root);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        Assert.Empty(report.Warnings);
        foreach (var file in StateFiles)
        {
            Assert.Contains(file, report.FilesWritten);
            Assert.True(File.Exists(repo.PathOf(file)), file);
        }
        Assert.StartsWith("reason_code,scope,module_id,reason_key,reason_slug,category_id,description\n", repo.Read("maintenance-state/ids/reason_registry.csv"), StringComparison.Ordinal);
        Assert.StartsWith("source_tenant_id,target_tenant_id\nAc7Kq2,Ac7Kq2\nAc7Kq2,Bx9Lm4\nBx9Lm4,Bx9Lm4\n", repo.Read("maintenance-state/tenant_relationships.csv"), StringComparison.Ordinal);
        Assert.Equal("module_id,depends_on_module_id\nZQ5,U2T\nZQ5,mrB\nmrB,U2T\n", repo.Read("maintenance-state/module_dependency_index.csv"));
        Assert.Equal("policy_key,policy_value\nplatform_artifacts_enabled_default,true\n", repo.Read("maintenance-state/platform_policy.csv"));
        Assert.DoesNotContain('\r', repo.Read("maintenance-state/reason_catalog.csv"));
    }

    [Fact]
    public void A_second_run_changes_no_byte_and_check_passes()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        var before = Snapshot.Of(repo.Root);
        var second = new MaintenanceRunner().Run(repo.Root);
        Assert.Empty(second.FilesWritten);
        Assert.Equal(before, Snapshot.Of(repo.Root));
        var check = new MaintenanceRunner().Check(repo.Root);
        Assert.True(check.Succeeded);
        Assert.Empty(check.StaleFiles);
    }

    [Fact]
    public void Check_fails_without_writing_once_a_module_is_added()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        SampleModules.AddModule(repo, "Nw1");
        var before = Snapshot.Of(repo.Root);
        var check = new MaintenanceRunner().Check(repo.Root);
        Assert.False(check.Succeeded);
        Assert.Contains("maintenance-state/ids/reason_registry.csv", check.StaleFiles);
        Assert.Contains("maintenance-state/module_artifacts_policy.csv", check.StaleFiles);
        Assert.Contains("config/billing/module_prices.csv", check.StaleFiles);
        Assert.All(check.Failures, f => Assert.Equal(StaleFile.Message, f.Message));
        Assert.Equal(before, Snapshot.Of(repo.Root));
    }

    [Fact]
    public void Existing_reason_codes_never_change()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        var codes = ReasonCodes(repo);
        SampleModules.AddModule(repo, "Nw1");
        repo.Write("modules/U2T/validation.yml", repo.Read("modules/U2T/validation.yml")
            .Replace("The topic input is missing or empty", "Edited description", StringComparison.Ordinal));
        new MaintenanceRunner().Run(repo.Root);
        var after = ReasonCodes(repo);
        foreach (var (identity, code) in codes)
        {
            Assert.Equal(code, after[identity]);
        }
        Assert.Equal(codes.Count + 2, after.Count);
        Assert.Equal(after.Count, after.Values.Distinct().Count());
        Assert.Contains("Edited description", repo.Read("maintenance-state/reason_catalog.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_reason_keeps_its_code_reserved()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        var codes = ReasonCodes(repo);
        repo.Write("modules/mrB/validation.yml", "reasons:\n  - {reason_key: KYn, reason_slug: upstream_missing, category_id: upstream, description: x}\n");
        new MaintenanceRunner().Run(repo.Root);
        var code = codes[("MODULE", "mrB", "invalid_case")];
        Assert.Equal(code, ReasonCodes(repo)[("MODULE", "mrB", "invalid_case")]);
        Assert.DoesNotContain(code, repo.Read("maintenance-state/reason_catalog.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public void New_policy_rows_default_to_module_refundable_global_not()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        var codes = ReasonCodes(repo);
        var policy = repo.Read("maintenance-state/reason_policy.csv");
        Assert.Contains($"{codes[("MODULE", "U2T", "topic_missing")]},true,", policy, StringComparison.Ordinal);
        Assert.Contains($"{codes[("GLOBAL", "", "module_failed")]},false,", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void An_admin_edit_to_reason_policy_survives_a_rerun()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        var code = ReasonCodes(repo)[("GLOBAL", "", "module_timeout")];
        var edited = repo.Read("maintenance-state/reason_policy.csv").Replace($"{code},false,GLOBAL module_timeout", $"{code},true,\"refund timeouts, decided 2026-01\"", StringComparison.Ordinal);
        repo.Write("maintenance-state/reason_policy.csv", edited);
        SampleModules.AddModule(repo, "Nw1");
        new MaintenanceRunner().Run(repo.Root);
        Assert.Contains($"{code},true,\"refund timeouts, decided 2026-01\"\n", repo.Read("maintenance-state/reason_policy.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_category_registry_is_preserved()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        var text = repo.Read("maintenance-state/ids/category_registry.csv") + "legal,Legal,Contract matters,false\n";
        repo.Write("maintenance-state/ids/category_registry.csv", text);
        var report = new MaintenanceRunner().Run(repo.Root);
        Assert.Equal(text, repo.Read("maintenance-state/ids/category_registry.csv"));
        Assert.Equal(["maintenance-state/maintenance_manifest.csv"], report.FilesWritten);
    }

    [Fact]
    public void Missing_module_prices_are_appended_with_billing_defaults()
    {
        using var repo = new SampleRepository();
        const string header = "module_id,price_run_credits,price_save_to_release_credits,effective_from,effective_to,active,notes\n";
        repo.Write("config/billing/module_prices.csv", header + "U2T,12,6,,,true,admin price\n");
        new MaintenanceRunner().Run(repo.Root);
        var text = repo.Read("config/billing/module_prices.csv");
        Assert.Equal(header + "U2T,12,6,,,true,admin price\nZQ5,10,5,,,true,added by maintenance from billing_defaults.csv\nmrB,10,5,,,true,added by maintenance from billing_defaults.csv\n", text);
    }

    [Fact]
    public void Missing_billing_default_keys_fall_back_with_a_warning()
    {
        using var repo = new SampleRepository();
        repo.Write("config/billing/billing_defaults.csv", "key,value,notes\n");
        repo.Write("config/billing/module_prices.csv", "module_id,price_run_credits,price_save_to_release_credits,effective_from,effective_to,active,notes\n");
        var report = new MaintenanceRunner().Run(repo.Root);
        Assert.True(report.Succeeded);
        Assert.Equal(2, report.Warnings.Count);
        Assert.Contains("U2T,10,5,,,true,", repo.Read("config/billing/module_prices.csv"), StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_lists_the_sha256_of_every_other_generated_file()
    {
        using var repo = new SampleRepository();
        new MaintenanceRunner().Run(repo.Root);
        var lines = repo.Read("maintenance-state/maintenance_manifest.csv").TrimEnd('\n').Split('\n');
        Assert.Equal("file,sha256", lines[0]);
        Assert.Equal(StateFiles.Length - 1, lines.Length - 1);
        foreach (var line in lines.Skip(1))
        {
            var (file, hash) = (line.Split(',')[0], line.Split(',')[1]);
            var bytes = File.ReadAllBytes(repo.PathOf("maintenance-state/" + file));
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), hash);
        }
    }

    [Fact]
    public void The_committed_sample_maintenance_state_is_current()
    {
        using var repo = new SampleRepository(withMaintenanceState: true);
        var check = new MaintenanceRunner().Check(repo.Root);
        Assert.True(check.Succeeded, string.Join('\n', check.Failures));
    }

    private static Dictionary<(string, string, string), string> ReasonCodes(SampleRepository repo) =>
        repo.Read("maintenance-state/ids/reason_registry.csv").TrimEnd('\n').Split('\n').Skip(1)
            .Select(l => Platform.Repository.MaintenanceState.RegistryEntry.Read(l.Split(',')))
            .ToDictionary(e => e.Identity, e => e.ReasonCode);
}
