using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.Repository.Loading;
using Platform.Repository.Tenants;
using Platform.Repository.WorkOrders;

namespace Platform.Repository.Tests;

public sealed class RepositoryLoaderTests
{
    [Fact]
    public void Sample_repository_loads_without_errors_or_warnings()
    {
        using var repo = new SampleRepository();
        var load = RepositoryLoader.Load(repo.Root);
        Assert.Empty(load.Errors);
        Assert.Empty(load.Warnings);
        Assert.Equal(["U2T", "ZQ5", "mrB"], load.Repository.Modules.Select(m => m.Id.Value));
        Assert.Equal(["Ac7Kq2", "Bx9Lm4"], load.Repository.Tenants.Select(t => t.Id.Value));
        Assert.Equal(12, load.Repository.GlobalReasons.Count);
        Assert.True(load.Repository.Policy.PlatformArtifactsEnabledDefault);
    }

    [Fact]
    public void Module_contract_is_typed()
    {
        using var repo = new SampleRepository();
        var module = RepositoryLoader.Load(repo.Root).Repository.ModulesById[ModuleId.Parse("ZQ5", "module_id")];
        Assert.Equal(["U2T", "mrB"], module.DependsOn.Select(d => d.Value));
        Assert.Equal(["sh", "run.sh"], module.Run.Command);
        Assert.Equal(60, module.Run.TimeoutSeconds);
        Assert.Contains(module.Requirements, r => r.Type == "tool" && r.Key == "tar");
        Assert.Contains(module.Reasons, r => r.Slug == "archive_failed" && r.Module == module.Id);
        var source = RepositoryLoader.Load(repo.Root).Repository.ModulesById[ModuleId.Parse("U2T", "module_id")];
        Assert.True(source.Cache.Enabled);
        Assert.Equal(TimeSpan.FromDays(7), source.Cache.RetentionDefault.Duration);
        Assert.Equal(["topic"], source.RequiredInputs.Select(i => i.Name));
    }

    [Fact]
    public void Work_order_is_typed_with_its_revision()
    {
        using var repo = new SampleRepository();
        var tenant = RepositoryLoader.Load(repo.Root).Repository.TenantsById[TenantId.Parse("Ac7Kq2", "tenant_id")];
        Assert.Equal(TenantStatus.Active, tenant.Status);
        Assert.Equal(["Bx9Lm4"], tenant.AllowReleaseConsumers.Select(c => c.Value));
        Assert.Equal(["bqKbXXfk", "vsHYEbqV", "x0aLqben"], tenant.WorkOrders.Select(w => w.Id.Value));
        var order = tenant.WorkOrders.Single(w => w.Id.Value == "x0aLqben");
        Assert.Equal(WorkOrderMode.AllOrNothing, order.Mode);
        Assert.Equal(["ZQ5", "mrB", "U2T"], order.Steps.Select(s => s.ModuleId.Value));
        Assert.Equal(3L, order.Steps[2].Inputs["freshness_days"]);
        Assert.Equal("Solar power", order.Steps[2].Inputs["topic"]);
        Assert.True(order.Steps[0].PurchaseReleaseArtifacts);
        Assert.Equal(["WELCOME10"], order.Promotions);
        var bytes = File.ReadAllBytes(repo.PathOf("tenants/Ac7Kq2/workorders/x0aLqben.yml"));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), order.Revision);
        Assert.True(tenant.WorkOrders.Single(w => w.Id.Value == "bqKbXXfk").Steps[0].ReuseCache);
        Assert.False(tenant.WorkOrders.Single(w => w.Id.Value == "vsHYEbqV").Enabled);
    }

    [Fact]
    public void Unparsable_yaml_is_an_error_naming_the_file_and_line()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/mrB/module.yml", "module_id: mrB\nname: [unclosed\n");
        var load = RepositoryLoader.Load(repo.Root);
        var error = Assert.Single(load.Errors, e => e.File == "modules/mrB/module.yml");
        Assert.NotNull(error.Row);
        Assert.Contains("does not parse as YAML", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_field_names_file_line_field_and_value()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/U2T/module.yml", repo.Read("modules/U2T/module.yml").Replace("timeout_seconds: 60", "timeout_seconds: soon", StringComparison.Ordinal));
        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);
        Assert.Equal(new Violation("modules/U2T/module.yml", 16, "run.timeout_seconds", "soon", "must be a whole number"), error);
    }

    [Theory]
    [InlineData("protocol: worker", true)]
    [InlineData("protocol: process", false)]
    [InlineData("", false)]
    public void Run_protocol_worker_is_read_and_process_is_the_default(string protocol, bool worker)
    {
        using var repo = new SampleRepository();
        repo.Write("modules/U2T/module.yml", repo.Read("modules/U2T/module.yml").Replace("timeout_seconds: 60", ("timeout_seconds: 60, " + protocol).TrimEnd(' ', ','), StringComparison.Ordinal));
        var load = RepositoryLoader.Load(repo.Root);
        Assert.Empty(load.Errors);
        Assert.Equal(worker, load.Repository!.Modules.Single(m => m.Id.Value == "U2T").Run.Worker);
    }

    [Fact]
    public void An_unknown_run_protocol_names_file_line_field_and_value()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/U2T/module.yml", repo.Read("modules/U2T/module.yml").Replace("timeout_seconds: 60", "timeout_seconds: 60, protocol: daemon", StringComparison.Ordinal));
        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);
        Assert.Equal(new Violation("modules/U2T/module.yml", 16, "run.protocol", "daemon", "must be process or worker"), error);
    }

    [Fact]
    public void All_problems_are_reported_not_only_the_first()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/mrB/module.yml", repo.Read("modules/mrB/module.yml").Replace("module_id: mrB", "module_id: mrC", StringComparison.Ordinal));
        repo.Write("tenants/Bx9Lm4/tenant.yml", "tenant_id: Bx9Lm5\n");
        repo.Write("config/billing/payments.csv", "payment_id,tenant_id\n");
        var files = RepositoryLoader.Load(repo.Root).Errors.Select(e => e.File).ToHashSet();
        Assert.Contains("modules/mrB/module.yml", files);
        Assert.Contains("tenants/Bx9Lm4/tenant.yml", files);
        Assert.Contains("config/billing/payments.csv", files);
    }

    [Fact]
    public void RequireValid_throws_bad_input_with_every_error()
    {
        using var repo = new SampleRepository();
        repo.Write("tenants/Bx9Lm4/tenant.yml", "tenant_id: Bx9Lm5\n");
        var ex = Assert.Throws<PlatformException>(() => RepositoryLoader.Load(repo.Root).RequireValid());
        Assert.Equal(ExitCode.BadInput, ex.ExitCode);
        Assert.Equal("Bx9Lm5", Assert.Single(ex.Violations).Value);
    }

    /// <summary>The earlier Python platform's windows: a plain date is midnight UTC, empty is open (SPEC section 3).</summary>
    [Fact]
    public void Price_and_promotion_windows_accept_plain_dates()
    {
        using var repo = new SampleRepository();
        repo.Write("config/billing/module_prices.csv",
            "module_id,price_run_credits,price_save_to_release_credits,effective_from,effective_to,active,notes\nU2T,7,3,2026-01-01,2026-02-01T12:00:00Z,true,\n");
        var load = RepositoryLoader.Load(repo.Root);

        Assert.Empty(load.Errors);
        var price = Assert.Single(load.Repository.Billing.ModulePrices);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), price.EffectiveFrom);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 12, 0, 0, TimeSpan.Zero), price.EffectiveTo);
    }

    [Fact]
    public void A_date_that_does_not_exist_is_an_error_naming_row_and_field()
    {
        using var repo = new SampleRepository();
        repo.Write("config/billing/module_prices.csv",
            "module_id,price_run_credits,price_save_to_release_credits,effective_from,effective_to,active,notes\nU2T,7,3,2026-02-30,,true,\n");

        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);

        Assert.Equal(("config/billing/module_prices.csv", 2L, "effective_from", "2026-02-30"), (error.File, error.Row!.Value, error.Field, error.Value));
    }
}
