using Platform.Domain.Ids;
using Platform.Domain.Ledger;

namespace Platform.Domain.Tests;

/// <summary>The keys are part of the state format: existing ledgers hold them, so their spelling is fixed.</summary>
public sealed class LedgerKeysTests
{
    private static readonly TenantId Tenant = TenantId.Parse("Ab12Cd", "tenant_id");

    [Fact]
    public void Keys_are_spelled_as_existing_ledgers_hold_them()
    {
        var attempt = LedgerKeys.Attempt(Tenant, WorkOrderId.Parse("UbjkpxZO", "work_order_id"), "9f86d0", 2);

        Assert.Equal("Ab12Cd:UbjkpxZO:9f86d0:2", attempt);
        Assert.Equal("spend:Ab12Cd:UbjkpxZO:9f86d0:2", LedgerKeys.Spend(attempt));
        Assert.Equal("redeem:Ab12Cd:UbjkpxZO:9f86d0:2", LedgerKeys.Redemption(attempt));
        Assert.Equal("refund:Ab12Cd:UbjkpxZO:9f86d0:2:U2T", LedgerKeys.Refund(attempt, ModuleId.Parse("U2T", "module_id")));
        Assert.Equal("topup:Ab12Cd:BT:ref-1", LedgerKeys.Topup(Tenant, TopupMethodId.Parse("BT", "topup_method_id"), "ref-1"));
        Assert.Equal("payment:Pay00001", LedgerKeys.Payment(PaymentId.Parse("Pay00001", "payment_id")));
    }
}
