namespace Platform.Domain.Ids;

/// <summary>One kind of platform ID: its name (as used in code, CLI and errors) and its fixed length.</summary>
public sealed record IdKind(string Name, int Length)
{
    public static readonly IdKind Tenant = new("tenant_id", 6);
    public static readonly IdKind WorkOrder = new("work_order_id", 8);
    public static readonly IdKind Module = new("module_id", 3);
    public static readonly IdKind Transaction = new("transaction_id", 8);
    public static readonly IdKind TransactionItem = new("transaction_item_id", 8);
    public static readonly IdKind ModuleRun = new("module_run_id", 8);
    public static readonly IdKind ReasonCode = new("reason_code", 6);
    public static readonly IdKind ReasonKey = new("reason_key", 3);
    public static readonly IdKind Payment = new("payment_id", 8);
    public static readonly IdKind TopupMethod = new("topup_method_id", 2);
    public static readonly IdKind ProductCode = new("product_code", 3);
    public static readonly IdKind ReleaseAsset = new("github_release_asset_id", 8);

    /// <summary>Promotion redemptions follow the transaction_id policy under their own name.</summary>
    public static readonly IdKind Redemption = new("redemption_id", 8);

    /// <summary>The twelve ID types of the ID policy, in the policy's order.</summary>
    public static IReadOnlyList<IdKind> All { get; } =
    [
        Tenant, WorkOrder, Module, Transaction, TransactionItem, ModuleRun,
        ReasonCode, ReasonKey, Payment, TopupMethod, ProductCode, ReleaseAsset,
    ];

    public static IdKind? FindByName(string name) =>
        All.FirstOrDefault(k => k.Name == name) ?? (name == Redemption.Name ? Redemption : null);

    public override string ToString() => Name;
}
