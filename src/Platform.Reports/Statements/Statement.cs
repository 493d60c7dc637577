namespace Platform.Reports.Statements;

/// <summary>What a line item of a statement is, for its totals: the kinds a person reads a bill by.</summary>
public enum LineKind
{
    Topup,
    Payment,
    Charge,
    Discount,
    Refund,
    Adjustment,
}

/// <summary>One item of a transaction, with the words that explain it (module, promotion, reason).</summary>
public sealed record StatementItem(string ItemId, LineKind Kind, string ModuleId, string Feature, string Type, long Amount, string Description);

/// <summary>One transaction of the period, its items, and the tenant's balance after it.</summary>
public sealed record StatementLine(
    string TransactionId, string CreatedAt, string Type, long Amount, string WorkOrderId, string ReasonCode, string Reason, string Note,
    IReadOnlyList<StatementItem> Items, long BalanceAfter, int Row);

/// <summary>The count and sum of a statement's items of one kind.</summary>
public sealed record KindTotal(LineKind Kind, int Items, long Amount);

/// <summary>
/// A tenant's statement for a period: the opening balance, every transaction in it with its items,
/// the closing balance and the totals by kind. <see cref="StatementBuilder"/> checks that the closing
/// balance is the opening balance plus the lines before it makes one. <see cref="InState"/>: the
/// billing state holds a row of the tenant (tenants_credits.csv).
/// </summary>
public sealed record Statement(
    string TenantId, StatementPeriod Period, long Opening, IReadOnlyList<StatementLine> Lines, long Closing,
    IReadOnlyList<KindTotal> Totals, string GeneratedAt, long Generation, bool InState)
{
    public long Net => Closing - Opening;
}

/// <summary>The words statements use for the kinds.</summary>
public static class LineKinds
{
    /// <summary>The kind of a transaction_items.csv row, by its type and feature.</summary>
    public static LineKind Of(string itemType, string feature) => (itemType, feature) switch
    {
        (_, "ADJUSTMENT") => LineKind.Adjustment,
        ("TOPUP", "PAYMENT") => LineKind.Payment,
        ("TOPUP", _) => LineKind.Topup,
        ("DISCOUNT", _) => LineKind.Discount,
        ("REFUND", _) => LineKind.Refund,
        _ => LineKind.Charge,
    };

    public static string Text(this LineKind kind) => kind switch
    {
        LineKind.Topup => "top-up",
        LineKind.Payment => "payment",
        LineKind.Charge => "charge",
        LineKind.Discount => "discount",
        LineKind.Refund => "refund",
        LineKind.Adjustment => "adjustment",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
