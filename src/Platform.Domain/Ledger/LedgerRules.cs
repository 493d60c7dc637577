namespace Platform.Domain.Ledger;

/// <summary>
/// The ledger's rules on single values. The state checker applies them to every stored row and to
/// every new posting, so there is one statement of each rule.
/// </summary>
public static class LedgerRules
{
    /// <summary>TOPUP and REFUND transactions add credits, SPEND takes them (zero only when fully discounted).</summary>
    public static string? TransactionAmountProblem(TransactionType type, long amount, bool hasDiscount) => type switch
    {
        TransactionType.Topup when amount <= 0 => "a TOPUP transaction must be positive",
        TransactionType.Refund when amount <= 0 => "a REFUND transaction must be positive",
        TransactionType.Spend when amount > 0 => "a SPEND transaction must be negative",
        TransactionType.Spend when amount == 0 && !hasDiscount => "a SPEND transaction must be negative (zero only when a DISCOUNT covers it)",
        _ => null,
    };

    public static string? ItemAmountProblem(ItemType type, long amount) => type switch
    {
        ItemType.Topup when amount <= 0 => "a TOPUP item must be positive",
        ItemType.Spend when amount >= 0 => "a SPEND item must be negative",
        ItemType.Discount when amount <= 0 => "a DISCOUNT item must be positive",
        ItemType.Refund when amount <= 0 => "a REFUND item must be positive",
        _ => null,
    };

    /// <summary>Which transaction type may hold an item of this type.</summary>
    public static TransactionType ParentOf(ItemType type) => type switch
    {
        ItemType.Topup => TransactionType.Topup,
        ItemType.Refund => TransactionType.Refund,
        _ => TransactionType.Spend,
    };

    public static string? ItemFeatureProblem(ItemType type, Feature feature) => (type, feature) switch
    {
        (ItemType.Topup, Feature.AdminTopup or Feature.Payment or Feature.Adjustment) => null,
        (ItemType.Topup, _) => "a TOPUP item must have feature ADMIN_TOPUP, PAYMENT or ADJUSTMENT",
        (ItemType.Discount, Feature.Promotion) => null,
        (ItemType.Discount, _) => "a DISCOUNT item must have feature PROMOTION",
        (ItemType.Spend or ItemType.Refund, Feature.Run or Feature.SaveToRelease) => null,
        // An operator's correction taking credits away (admin-adjust): a SPEND of no module.
        (ItemType.Spend, Feature.Adjustment) => null,
        (ItemType.Spend, _) => "a SPEND item must have feature RUN, SAVE_TO_RELEASE or ADJUSTMENT",
        _ => $"a {type.Text()} item must have feature RUN or SAVE_TO_RELEASE",
    };
}
