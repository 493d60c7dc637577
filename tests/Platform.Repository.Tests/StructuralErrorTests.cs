using Platform.Domain.Errors;
using Platform.Repository.Loading;

namespace Platform.Repository.Tests;

public sealed class StructuralErrorTests
{
    private static Violation SingleError(SampleRepository repo)
    {
        var load = RepositoryLoader.Load(repo.Root);
        return Assert.Single(load.Errors);
    }

    [Fact]
    public void Invalid_module_folder_name_is_an_error()
    {
        using var repo = new SampleRepository();
        Directory.Move(repo.PathOf("modules/ZQ5"), repo.PathOf("modules/ZQ-5"));
        var error = SingleError(repo);
        Assert.Equal("modules/ZQ-5", error.File);
        Assert.Equal("ZQ-5", error.Value);
    }

    [Fact]
    public void Module_id_differing_from_its_folder_is_an_error()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/ZQ5/module.yml", repo.Read("modules/ZQ5/module.yml").Replace("module_id: ZQ5", "module_id: ZQ6", StringComparison.Ordinal));
        var error = SingleError(repo);
        Assert.Equal(("modules/ZQ5/module.yml", 1L, "module_id", "ZQ6"), (error.File, error.Row!.Value, error.Field, error.Value));
    }

    [Fact]
    public void Unknown_dependency_is_an_error()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/mrB/module.yml", repo.Read("modules/mrB/module.yml").Replace("depends_on: [U2T]", "depends_on: [Zzz]", StringComparison.Ordinal));
        var error = SingleError(repo);
        Assert.Equal(("modules/mrB/module.yml", "depends_on", "Zzz"), (error.File, error.Field, error.Value));
    }

    [Fact]
    public void Dependency_cycle_is_an_error()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/U2T/module.yml", repo.Read("modules/U2T/module.yml").Replace("depends_on: []", "depends_on: [ZQ5]", StringComparison.Ordinal));
        var errors = RepositoryLoader.Load(repo.Root).Errors;
        Assert.NotEmpty(errors);
        Assert.All(errors, e => Assert.Contains("cycle", e.Message, StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Value == "U2T -> ZQ5 -> U2T" && e.File == "modules/U2T/module.yml");
    }

    [Fact]
    public void Duplicate_reason_key_is_an_error()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/mrB/validation.yml", repo.Read("modules/mrB/validation.yml").Replace("reason_key: KYn", "reason_key: hf7", StringComparison.Ordinal));
        var error = SingleError(repo);
        Assert.Equal(("reason_key", "hf7"), (error.Field, error.Value));
        Assert.Contains("modules/", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_slug_in_one_scope_is_an_error_but_not_across_scopes()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/mrB/validation.yml", repo.Read("modules/mrB/validation.yml").Replace("invalid_case", "upstream_missing", StringComparison.Ordinal));
        Assert.Equal("upstream_missing", SingleError(repo).Value);
        repo.Write("modules/mrB/validation.yml", repo.Read("modules/mrB/validation.yml").Replace("upstream_missing, category_id: input", "module_failed, category_id: input", StringComparison.Ordinal));
        Assert.Empty(RepositoryLoader.Load(repo.Root).Errors);
    }

    [Fact]
    public void Work_order_file_name_differing_from_its_id_is_an_error()
    {
        using var repo = new SampleRepository();
        File.Move(repo.PathOf("tenants/Bx9Lm4/workorders/Zg7PleqC.yml"), repo.PathOf("tenants/Bx9Lm4/workorders/Zg7PleqD.yml"));
        var error = SingleError(repo);
        Assert.Equal(("tenants/Bx9Lm4/workorders/Zg7PleqD.yml", "work_order_id", "Zg7PleqC"), (error.File, error.Field, error.Value));
    }

    [Fact]
    public void Invalid_tenant_folder_name_is_an_error()
    {
        using var repo = new SampleRepository();
        Directory.Move(repo.PathOf("tenants/Bx9Lm4"), repo.PathOf("tenants/Bx9Lm"));
        var errors = RepositoryLoader.Load(repo.Root).Errors;
        Assert.Contains(errors, e => e.File == "tenants/Bx9Lm" && e.Value == "Bx9Lm");
    }

    [Fact]
    public void Config_csv_header_must_be_exact()
    {
        using var repo = new SampleRepository();
        repo.Write("config/billing/module_prices.csv", "module_id,price_run_credits\n");
        var error = SingleError(repo);
        Assert.Equal(("config/billing/module_prices.csv", 1L, "header"), (error.File, error.Row!.Value, error.Field));
    }

    [Fact]
    public void Config_csv_ids_must_be_valid()
    {
        using var repo = new SampleRepository();
        repo.Write("config/billing/topup_instructions.csv", "topup_method_id,name,enabled,instructions\nnyy,Bank,true,x\n");
        var error = SingleError(repo);
        Assert.Equal(("config/billing/topup_instructions.csv", 2L, "topup_method_id", "nyy"), (error.File, error.Row!.Value, error.Field, error.Value));
    }

    /// <summary>A negative price would be a SPEND that pays the tenant.</summary>
    [Theory]
    [InlineData("config/billing/module_prices.csv", "module_id,price_run_credits,price_save_to_release_credits,effective_from,effective_to,active,notes\nU2T,-5,0,,,true,\n", "price_run_credits", "-5")]
    [InlineData("config/billing/billing_defaults.csv", "key,value,notes\ndefault_price_run_credits,-1,\n", "default_price_run_credits", "-1")]
    [InlineData("config/billing/billing_defaults.csv", "key,value,notes\ndefault_price_save_to_release_credits,five,\n", "default_price_save_to_release_credits", "five")]
    public void Prices_must_be_zero_or_more_whole_credits(string file, string text, string field, string value)
    {
        using var repo = new SampleRepository();
        repo.Write(file, text);
        var error = SingleError(repo);
        Assert.Equal((file, 2L, field, value), (error.File, error.Row!.Value, error.Field, error.Value));
    }
}
