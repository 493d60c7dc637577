using Platform.Repository.Loading;
using Platform.Repository.Tenants;

namespace Platform.Repository.Tests;

/// <summary>SPEC section 3: the earlier Python platform's forms are read as they are.</summary>
public sealed class PythonFormsTests
{
    [Fact]
    public void Two_digit_category_ids_are_read_and_a_missing_one_takes_the_python_default()
    {
        using var repo = new SampleRepository();
        repo.Write("config/global_reasons.yml", repo.Read("config/global_reasons.yml")
            .Replace("category_id: billing, ", "", StringComparison.Ordinal)
            .Replace("category_id: tenant,", "category_id: '15',", StringComparison.Ordinal));
        repo.Write("modules/mrB/validation.yml", repo.Read("modules/mrB/validation.yml")
            .Replace("category_id: upstream, ", "", StringComparison.Ordinal)
            .Replace("category_id: input,", "category_id: 99,", StringComparison.Ordinal));
        var load = RepositoryLoader.Load(repo.Root);
        Assert.Empty(load.Errors);
        var reasons = load.Repository.AllReasons.ToDictionary(r => (r.ModuleText, r.Slug), r => r.CategoryId);
        Assert.Equal("16", reasons[("", "not_enough_credits")]);
        Assert.Equal("15", reasons[("", "tenant_suspended")]);
        Assert.Equal("01", reasons[("mrB", "upstream_missing")]);
        Assert.Equal("99", reasons[("mrB", "invalid_case")]);
    }

    [Theory]
    [InlineData("'1'")]
    [InlineData("'123'")]
    [InlineData("Billing")]
    public void Other_category_ids_are_an_error(string category)
    {
        using var repo = new SampleRepository();
        repo.Write("modules/mrB/validation.yml", repo.Read("modules/mrB/validation.yml").Replace("category_id: input", "category_id: " + category, StringComparison.Ordinal));
        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);
        Assert.Equal(("modules/mrB/validation.yml", "reasons[1].category_id"), (error.File, error.Field));
        Assert.Contains("or two digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_platform_global_reason_is_no_error()
    {
        using var repo = new SampleRepository();
        var lines = repo.Read("config/global_reasons.yml").Split('\n').Where(l => !l.Contains("skipped_cache", StringComparison.Ordinal));
        repo.Write("config/global_reasons.yml", string.Join('\n', lines));
        Assert.Empty(RepositoryLoader.Load(repo.Root).Errors);
    }

    [Fact]
    public void Lower_case_tenant_status_extra_fields_and_null_inputs_are_read()
    {
        using var repo = new SampleRepository();
        repo.Write("tenants/Ac7Kq2/tenant.yml", repo.Read("tenants/Ac7Kq2/tenant.yml").Replace("status: ACTIVE", "status: suspended\ncreated_at: '2025-01-01'\nowner: ops", StringComparison.Ordinal));
        repo.Write("tenants/Ac7Kq2/workorders/Wo000009.yml", """
            work_order_id: Wo000009
            created_by: python-ui
            modules:
              - module_id: U2T
                inputs: {topic: Example, language: null}
                comment: extra
              - module_id: ZQ5
                inputs: null
            """);
        var load = RepositoryLoader.Load(repo.Root);
        Assert.Empty(load.Errors);
        var tenant = load.Repository.Tenants.Single(t => t.Id.Value == "Ac7Kq2");
        Assert.Equal(TenantStatus.Suspended, tenant.Status);
        var order = tenant.WorkOrders.Single(w => w.Id.Value == "Wo000009");
        Assert.Null(order.Steps[0].Inputs["language"]);
        Assert.Empty(order.Steps[1].Inputs);
    }
}
