using Platform.Domain.Ids;

namespace Platform.Domain.Ledger;

/// <summary>
/// Every idempotency key the platform posts with, in one place: a posting with a key already in the
/// ledger is not posted again, so these spellings are part of the state format (the earlier Python
/// platform's ledgers carry them too) and must never change.
/// </summary>
public static class LedgerKeys
{
    /// <summary>One charged attempt of a work order at one revision of its file; the stem of its SPEND, redemption and refunds.</summary>
    public static string Attempt(TenantId tenant, WorkOrderId workOrder, string revision, int attempt) =>
        $"{tenant.Value}:{workOrder.Value}:{revision}:{attempt}";

    public static string Spend(string attempt) => "spend:" + attempt;

    public static string Redemption(string attempt) => "redeem:" + attempt;

    public static string Refund(string attempt, ModuleId module) => $"refund:{attempt}:{module.Value}";

    public static string Topup(TenantId tenant, TopupMethodId method, string reference) => $"topup:{tenant.Value}:{method.Value}:{reference}";

    public static string Payment(PaymentId payment) => $"payment:{payment.Value}";

    /// <summary>The balance a tenant had in a state adopted from the Python platform that no transaction explained; posted once per tenant.</summary>
    public static string OpeningBalance(TenantId tenant) => $"opening-balance:{tenant.Value}";

    /// <summary>An operator's correction: one per tenant and reference, whatever its sign.</summary>
    public static string Adjustment(TenantId tenant, string reference) => $"adjust:{tenant.Value}:{reference}";
}
