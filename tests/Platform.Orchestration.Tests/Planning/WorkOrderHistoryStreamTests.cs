using Platform.Domain;
using Platform.Orchestration.Planning;
using Platform.State.Stores;
using Platform.State.Tables;
using Platform.State.Transactions;

namespace Platform.Orchestration.Tests.Planning;

/// <summary>What the streamed work order log tells the charger: last attempt, finished attempts per revision, last uncharged failure.</summary>
public sealed class WorkOrderHistoryStreamTests : IDisposable
{
    private static readonly TenantId Tenant = TenantId.Parse("Ac7Kq2", "tenant_id");
    private static readonly WorkOrderId Order = WorkOrderId.Parse("Zg7PleqC", "work_order_id");
    private const string Now = "2026-01-04T18:37:22Z";

    private readonly string root = Directory.CreateTempSubdirectory("platform-history-").FullName;

    private static string[] Row(string status, string metadata) => [Order.Value, Tenant.Value, status, Now, Now, "", "", metadata];

    private WorkOrderHistory ReadAfter(params string[][] rows)
    {
        var templates = Path.Combine(root, "templates");
        Directory.CreateDirectory(templates);
        foreach (var table in BillingTables.All)
        {
            File.WriteAllText(Path.Combine(templates, table.FileName), table.HeaderLine + "\n");
        }
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse(Now, System.Globalization.CultureInfo.InvariantCulture));
        var transaction = () => new StateTransaction(new NoStore(clock), new StateDirectory(Path.Combine(root, "state")), new BootstrapTemplates(templates), clock);
        transaction().Run((_, change) =>
        {
            foreach (var row in rows)
            {
                change.Append(BillingTables.WorkOrdersLog, row);
            }
            return 0;
        });
        return transaction().Run((state, _) => WorkOrderHistory.Read(state));
    }

    [Fact]
    public void The_log_gives_the_last_attempt_the_finished_ones_and_the_last_uncharged_failure()
    {
        var history = ReadAfter(
            Row("FAILED", """{"attempt":0,"reason":"not_enough_credits"}"""),
            Row("RUNNING", """{"revision":"r1","attempt":1}"""),
            Row("COMPLETED", """{"revision":"r1","attempt":1}"""),
            Row("RUNNING", """{"revision":"r1","attempt":2}"""),
            Row("FAILED", """{"attempt":0,"reason":"tenant_suspended"}"""));

        var last = history.Last(Tenant, Order);
        Assert.Equal(("r1", 2, false, "RUNNING"), (last!.Revision, last.Attempt, last.Finished, last.LastStatus));
        Assert.Equal(1, history.FinishedAttempts(Tenant, Order, "r1"));
        Assert.Equal(0, history.FinishedAttempts(Tenant, Order, "r2"));
        Assert.Equal("FAILED:tenant_suspended", history.LastUncharged(Tenant, Order));
    }

    [Fact]
    public void An_empty_log_knows_nothing()
    {
        var history = ReadAfter();

        Assert.Null(history.Last(Tenant, Order));
        Assert.Null(history.LastUncharged(Tenant, Order));
    }

    public void Dispose() => Directory.Delete(root, recursive: true);
}
