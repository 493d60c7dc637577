using Platform.Repository.Loading;

namespace Platform.Repository.Tests;

public sealed class WorkOrderWarningTests
{
    private const string File = "tenants/Bx9Lm4/workorders/Zg7PleqC.yml";

    private static (IReadOnlyList<Platform.Domain.Errors.Violation> Errors, IReadOnlyList<Platform.Domain.Errors.Violation> Warnings, bool Valid) Load(string workOrder)
    {
        using var repo = new SampleRepository();
        repo.Write(File, workOrder);
        var load = RepositoryLoader.Load(repo.Root);
        var order = load.Repository.WorkOrders.Single(w => w.Id.Value == "Zg7PleqC");
        Assert.Equal(order.Problems, load.Warnings);
        return (load.Errors, load.Warnings, order.IsValid);
    }

    [Theory]
    [InlineData("modules:\n  - {module_id: Qq1, inputs: {}}\n", "Qq1", "names no module")]
    [InlineData("modules:\n  - {module_id: U2T, inputs: {language: en}}\n", "topic", "required input")]
    [InlineData("modules:\n  - {module_id: U2T, inputs: {topic: ~}}\n", "topic", "required input")]
    [InlineData("modules:\n  - {module_id: mrB, inputs: {case: upper}}\n", "mrB", "not in this work order")]
    [InlineData("enabled: yes\nmodules:\n  - {module_id: U2T, inputs: {topic: x}}\n", "yes", "true or false")]
    [InlineData("mode: SOME\nmodules:\n  - {module_id: U2T, inputs: {topic: x}}\n", "SOME", "must be")]
    [InlineData("modules: []\n", null, "lists no module")]
    public void Content_problems_are_warnings_on_the_work_order(string body, string? value, string message)
    {
        var (errors, warnings, valid) = Load("work_order_id: Zg7PleqC\n" + body);
        Assert.Empty(errors);
        var warning = Assert.Single(warnings);
        Assert.Equal(File, warning.File);
        Assert.Equal(value, warning.Value);
        Assert.Contains(message, warning.Message, StringComparison.Ordinal);
        Assert.NotNull(warning.Row);
        Assert.False(valid);
    }
}
