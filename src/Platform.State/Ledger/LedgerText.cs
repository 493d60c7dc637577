using Platform.Domain;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;

namespace Platform.State.Ledger;

/// <summary>
/// Reads the ledger's fields once their column rules have accepted them, at the speed millions of
/// rows need: table lookups instead of per-character switches, no boxing, no culture-aware parsing.
/// The results equal <see cref="Base62.TryPack"/>, <see cref="LedgerTerms"/> and
/// <see cref="Credits.TryParse"/> (tests hold them to that).
/// </summary>
public static class LedgerText
{
    /// <summary>Up to 18 digits always fit in a long.</summary>
    private const int SafeDigits = 18;

    private static readonly sbyte[] DigitValues = BuildDigitValues();

    /// <summary>Packs an ID the way <see cref="Base62.TryPack"/> does; false for a character outside Base62.</summary>
    public static bool TryPackId(ReadOnlySpan<char> value, out ulong packed)
    {
        packed = 0;
        if (value.Length > 10)
        {
            return false;
        }
        var digits = DigitValues;
        foreach (var c in value)
        {
            var digit = c < 128 ? digits[c] : -1;
            if (digit < 0)
            {
                return false;
            }
            packed = (packed * 62) + (ulong)digit;
        }
        return true;
    }

    /// <summary>An amount the Amount rule accepted; 0 for anything else (the rule has reported it).</summary>
    public static long Amount(ReadOnlySpan<char> text)
    {
        var negative = text.Length > 0 && text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.Length > SafeDigits)
        {
            return Credits.TryParse(text, out var credits) ? credits.Value : 0;
        }
        long value = 0;
        foreach (var c in digits)
        {
            value = (value * 10) + (c - '0');
        }
        return negative ? -value : value;
    }

    public static TransactionType TransactionType(ReadOnlySpan<char> text) => text switch
    {
        "SPEND" => Domain.Ledger.TransactionType.Spend,
        "REFUND" => Domain.Ledger.TransactionType.Refund,
        _ => Domain.Ledger.TransactionType.Topup,
    };

    public static ItemType ItemType(ReadOnlySpan<char> text) => text switch
    {
        "SPEND" => Domain.Ledger.ItemType.Spend,
        "DISCOUNT" => Domain.Ledger.ItemType.Discount,
        "REFUND" => Domain.Ledger.ItemType.Refund,
        _ => Domain.Ledger.ItemType.Topup,
    };

    public static Feature Feature(ReadOnlySpan<char> text) => text switch
    {
        "SAVE_TO_RELEASE" => Domain.Ledger.Feature.SaveToRelease,
        "PROMOTION" => Domain.Ledger.Feature.Promotion,
        "ADMIN_TOPUP" => Domain.Ledger.Feature.AdminTopup,
        "PAYMENT" => Domain.Ledger.Feature.Payment,
        _ => Domain.Ledger.Feature.Run,
    };

    private static sbyte[] BuildDigitValues()
    {
        var values = new sbyte[128];
        Array.Fill(values, (sbyte)-1);
        for (var i = 0; i < Base62.Alphabet.Length; i++)
        {
            values[Base62.Alphabet[i]] = (sbyte)i;
        }
        return values;
    }
}
