namespace Platform.Domain.Ledger;

public enum TransactionType
{
    Topup,
    Spend,
    Refund,
}

public enum ItemType
{
    Topup,
    Spend,
    Discount,
    Refund,
}

public enum Feature
{
    Run,
    SaveToRelease,
    Promotion,
    AdminTopup,
    Payment,
    Adjustment,
}

/// <summary>The words the state files use for ledger terms, and back.</summary>
public static class LedgerTerms
{
    private static readonly string[] TransactionTypeNames = ["TOPUP", "SPEND", "REFUND"];
    private static readonly string[] ItemTypeNames = ["TOPUP", "SPEND", "DISCOUNT", "REFUND"];
    private static readonly string[] FeatureNames = ["RUN", "SAVE_TO_RELEASE", "PROMOTION", "ADMIN_TOPUP", "PAYMENT", "ADJUSTMENT"];

    public static IReadOnlyList<string> TransactionTypes => TransactionTypeNames;

    public static IReadOnlyList<string> ItemTypes => ItemTypeNames;

    public static IReadOnlyList<string> Features => FeatureNames;

    public static string Text(this TransactionType type) => TransactionTypeNames[(int)type];

    public static string Text(this ItemType type) => ItemTypeNames[(int)type];

    public static string Text(this Feature feature) => FeatureNames[(int)feature];

    public static bool TryParseTransactionType(ReadOnlySpan<char> text, out TransactionType type) =>
        TryFind(TransactionTypeNames, text, out type);

    public static bool TryParseItemType(ReadOnlySpan<char> text, out ItemType type) =>
        TryFind(ItemTypeNames, text, out type);

    public static bool TryParseFeature(ReadOnlySpan<char> text, out Feature feature) =>
        TryFind(FeatureNames, text, out feature);

    private static bool TryFind<T>(string[] names, ReadOnlySpan<char> text, out T value)
        where T : struct, Enum
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (text.SequenceEqual(names[i]))
            {
                value = (T)(object)i;
                return true;
            }
        }
        value = default;
        return false;
    }
}
