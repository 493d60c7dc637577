using Platform.Repository.Loading;

namespace Platform.Repository.Tests;

public sealed class YamlEdgeTests
{
    [Fact]
    public void A_key_given_twice_is_an_error()
    {
        using var repo = new SampleRepository();
        repo.Write("tenants/Bx9Lm4/tenant.yml", "tenant_id: Bx9Lm4\nstatus: ACTIVE\nstatus: SUSPENDED\n");
        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);
        Assert.Equal("tenants/Bx9Lm4/tenant.yml", error.File);
    }

    [Fact]
    public void An_empty_file_is_an_error()
    {
        using var repo = new SampleRepository();
        repo.Write("modules/ZQ5/validation.yml", "");
        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);
        Assert.Equal("modules/ZQ5/validation.yml", error.File);
    }

    [Fact]
    public void Quoted_scalars_stay_strings_in_inputs()
    {
        using var repo = new SampleRepository();
        repo.Write("tenants/Bx9Lm4/workorders/Zg7PleqC.yml",
            "work_order_id: Zg7PleqC\nmodules:\n  - {module_id: U2T, inputs: {topic: '3', language: ~, freshness_days: 2.5, flag: true}}\n");
        var inputs = RepositoryLoader.Load(repo.Root).Repository.WorkOrders.Single(w => w.Id.Value == "Zg7PleqC").Steps[0].Inputs;
        Assert.Equal("3", inputs["topic"]);
        Assert.Null(inputs["language"]);
        Assert.Equal(2.5, inputs["freshness_days"]);
        Assert.Equal(true, inputs["flag"]);
    }

    [Fact]
    public void A_missing_platform_policy_means_the_defaults()
    {
        using var repo = new SampleRepository();
        File.Delete(repo.PathOf("config/platform_policy.yml"));
        var load = RepositoryLoader.Load(repo.Root);
        Assert.Empty(load.Errors);
        Assert.True(load.Repository.Policy.PlatformArtifactsEnabledDefault);
    }

    [Fact]
    public void Work_order_ids_are_unique_across_tenants()
    {
        using var repo = new SampleRepository();
        File.Copy(repo.PathOf("tenants/Bx9Lm4/workorders/Zg7PleqC.yml"), repo.PathOf("tenants/Ac7Kq2/workorders/Zg7PleqC.yml"));
        var error = Assert.Single(RepositoryLoader.Load(repo.Root).Errors);
        Assert.Equal("Zg7PleqC", error.Value);
    }

    [Fact]
    public void Alias_expansion_in_inputs_is_bounded()
    {
        using var repo = new SampleRepository();
        var text = new System.Text.StringBuilder("work_order_id: Zg7PleqC\nx0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n");
        for (var i = 1; i < 8; i++)
        {
            text.Append($"x{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]\n");
        }
        text.Append("modules:\n  - module_id: U2T\n    inputs: {topic: x, bomb: *a7}\n");
        repo.Write("tenants/Bx9Lm4/workorders/Zg7PleqC.yml", text.ToString());
        var load = RepositoryLoader.Load(repo.Root);
        Assert.Empty(load.Errors);
        Assert.Contains(load.Warnings, w => w.Field == "modules[0].inputs" && w.Message.Contains("more than", StringComparison.Ordinal));
    }

    [Fact]
    public void Hidden_folders_are_ignored()
    {
        using var repo = new SampleRepository();
        Directory.CreateDirectory(repo.PathOf("modules/.cache"));
        Directory.CreateDirectory(repo.PathOf("tenants/.trash"));
        Assert.Empty(RepositoryLoader.Load(repo.Root).Errors);
    }
}
