using Platform.Orchestration.Planning;

namespace Platform.Orchestration.Tests.Planning;

/// <summary>Reading workorders_log.csv: a malformed row holds its own work order and no other.</summary>
public sealed class WorkOrderHistoryTests
{
    private static readonly TenantId Tenant = TenantId.Parse("Ab12Cd", "tenant_id");
    private static readonly WorkOrderId Order = WorkOrderId.Parse("UbjkpxZO", "work_order_id");
    private static readonly WorkOrderId Other = WorkOrderId.Parse("Zz99Yy88", "work_order_id");

    private static string[] Row(WorkOrderId order, string status, string metadata) =>
        [order.Value, Tenant.Value, status, "2026-01-04T18:37:22Z", "", "", "", metadata];

    [Fact]
    public void A_malformed_row_is_reported_with_file_row_field_and_value()
    {
        var bad = """{"revision":"r1","attempt":"two"}""";

        var history = WorkOrderHistory.FromRows([Row(Other, "COMPLETED", """{"revision":"r1","attempt":1}"""), Row(Order, "RUNNING", bad)], []);

        var problem = history.Unreadable(Tenant, Order)!.ToString();
        Assert.StartsWith("workorders_log.csv:3: metadata_json='", problem, StringComparison.Ordinal);
        Assert.Contains("two", problem, StringComparison.Ordinal);
        Assert.Null(history.Last(Tenant, Order));
        Assert.Null(history.Unreadable(Tenant, Other));
        Assert.Equal(1, history.FinishedAttempts(Tenant, Other, "r1"));
    }

    [Fact]
    public void A_running_row_whose_charges_cannot_be_read_is_held_too()
    {
        var history = WorkOrderHistory.FromRows([Row(Order, "RUNNING", """{"revision":"r1","attempt":1,"charges":{"U2T":{"run":"ten"}}}""")], []);

        Assert.NotNull(history.Unreadable(Tenant, Order));
    }

    [Fact]
    public void A_later_charged_row_supersedes_a_malformed_one()
    {
        var history = WorkOrderHistory.FromRows(
            [Row(Order, "RUNNING", """{"revision":7,"attempt":1}"""), Row(Order, "FAILED", """{"revision":"r1","attempt":1}""")], []);

        Assert.Null(history.Unreadable(Tenant, Order));
        Assert.True(history.Last(Tenant, Order)!.Finished);
    }
}
