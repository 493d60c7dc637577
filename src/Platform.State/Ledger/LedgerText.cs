using System.Runtime.CompilerServices;
using Platform.Domain;
using Platform.Domain.Ids;
using Platform.Domain.Ledger;

namespace Platform.State.Ledger;

/// <summary>
/// Reads the ledger's fields once their column rules have accepted them, at the speed millions of
/// rows need: table lookups instead of per-character switches, no boxing, no culture-aware parsing.
/// Terms and amounts equal <see cref="LedgerTerms"/> and <see cref="Credits.TryParse"/> (tests hold
/// them to that); packed IDs are this class's own (see <see cref="TryPackId"/>).
/// </summary>
public static class LedgerText
{
    /// <summary>Up to 18 digits always fit in a long.</summary>
    private const int SafeDigits = 18;

    private static readonly int[] DigitValues = BuildDigitValues();

    /// <summary>
    /// Packs an ID of up to ten characters into a number, one-to-one: six bits per character, the
    /// character's Base62 value plus one (so no character is zero and lengths cannot collide).
    /// Shifts instead of multiplying by 62 keep the steps independent: millions of IDs go through
    /// this per load. False for a character outside Base62.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryPackId(ReadOnlySpan<char> value, out ulong packed)
    {
        packed = 0;
        if (value.Length > 10)
        {
            return false;
        }
        var digits = DigitValues;
        var invalid = 0;
        foreach (var c in value)
        {
            var digit = digits[c & 0x7F] | -(c >> 7);
            invalid |= digit;
            packed = (packed << 6) | (uint)(digit & 0x3F);
        }
        // A character outside the table is -1, and one above 127 is made negative: either sets bits beyond the sixth.
        return (invalid & ~0x3F) == 0;
    }

    /// <summary>The ID <paramref name="packed"/> was made from.</summary>
    public static string UnpackId(ulong packed)
    {
        Span<char> chars = stackalloc char[10];
        var start = chars.Length;
        while (packed != 0)
        {
            chars[--start] = Base62.Alphabet[(int)(packed & 0x3F) - 1];
            packed >>= 6;
        }
        return new string(chars[start..]);
    }

    /// <summary>An amount the Amount rule accepted; 0 for anything else (the rule has reported it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static TransactionType TransactionType(ReadOnlySpan<char> text) => text switch
    {
        "SPEND" => Domain.Ledger.TransactionType.Spend,
        "REFUND" => Domain.Ledger.TransactionType.Refund,
        _ => Domain.Ledger.TransactionType.Topup,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static ItemType ItemType(ReadOnlySpan<char> text) => text switch
    {
        "SPEND" => Domain.Ledger.ItemType.Spend,
        "DISCOUNT" => Domain.Ledger.ItemType.Discount,
        "REFUND" => Domain.Ledger.ItemType.Refund,
        _ => Domain.Ledger.ItemType.Topup,
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static Feature Feature(ReadOnlySpan<char> text) => text switch
    {
        "SAVE_TO_RELEASE" => Domain.Ledger.Feature.SaveToRelease,
        "PROMOTION" => Domain.Ledger.Feature.Promotion,
        "ADMIN_TOPUP" => Domain.Ledger.Feature.AdminTopup,
        "PAYMENT" => Domain.Ledger.Feature.Payment,
        "ADJUSTMENT" => Domain.Ledger.Feature.Adjustment,
        _ => Domain.Ledger.Feature.Run,
    };

    private static int[] BuildDigitValues()
    {
        var values = new int[128];
        Array.Fill(values, -1);
        for (var i = 0; i < Base62.Alphabet.Length; i++)
        {
            values[Base62.Alphabet[i]] = i + 1;
        }
        return values;
    }
}
