using System.Globalization;
using Platform.Domain.Errors;

namespace Platform.Domain;

/// <summary>A whole number of credits (64-bit). Arithmetic is checked: money never wraps around.</summary>
public readonly record struct Credits(long Value) : IComparable<Credits>
{
    public static readonly Credits Zero = new(0);

    public static Credits operator +(Credits a, Credits b)
    {
        var sum = unchecked(a.Value + b.Value);
        // Overflow: both operands have the same sign and the sum has the other.
        return ((a.Value ^ sum) & (b.Value ^ sum)) < 0 ? throw CreditOverflowException.Of(a.Value, "+", b.Value) : new(sum);
    }

    public static Credits operator -(Credits a, Credits b)
    {
        var difference = unchecked(a.Value - b.Value);
        // Overflow: the operands differ in sign and the difference has b's sign.
        return ((a.Value ^ b.Value) & (a.Value ^ difference)) < 0 ? throw CreditOverflowException.Of(a.Value, "-", b.Value) : new(difference);
    }

    public static Credits operator -(Credits a) => Zero - a;

    public static bool operator <(Credits a, Credits b) => a.Value < b.Value;

    public static bool operator >(Credits a, Credits b) => a.Value > b.Value;

    public static bool operator <=(Credits a, Credits b) => a.Value <= b.Value;

    public static bool operator >=(Credits a, Credits b) => a.Value >= b.Value;

    public int CompareTo(Credits other) => Value.CompareTo(other.Value);

    /// <summary>Parses a whole number written plainly: optional '-', digits, nothing else.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out Credits credits)
    {
        credits = Zero;
        if (text.IsEmpty || text.Length > 20)
        {
            return false;
        }
        var digits = text[0] == '-' ? text[1..] : text;
        if (digits.IsEmpty)
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }
        credits = new Credits(value);
        return true;
    }

    /// <summary>Parses a strictly positive amount, or throws a bad-input error naming the field and value.</summary>
    public static Credits ParsePositive(string? text, string field, string? file = null, long? row = null)
    {
        var credits = ParseWhole(text, field, file, row, allowPlus: false);
        if (credits.Value <= 0)
        {
            throw PlatformException.BadInput(new Violation(file, row, field, text, "must be a positive whole number"));
        }
        return credits;
    }

    /// <summary>Parses a non-zero amount of either sign (a correction), or throws a bad-input error naming the field and value.</summary>
    public static Credits ParseNonZero(string? text, string field)
    {
        var credits = ParseWhole(text, field, null, null, allowPlus: true);
        if (credits.Value == 0)
        {
            throw PlatformException.BadInput(new Violation(null, null, field, text, "must be a non-zero whole number (+N adds credits, -N takes them)"));
        }
        return credits;
    }

    private static Credits ParseWhole(string? text, string field, string? file, long? row, bool allowPlus)
    {
        var value = text ?? "";
        // A leading '+' reads as the sign it is: corrections are written +N or -N.
        var plus = allowPlus && value.StartsWith('+');
        var signed = plus ? value[1..] : value;
        if ((plus && signed.StartsWith('-')) || !TryParse(signed, out var credits))
        {
            var digits = signed.StartsWith('-') && !plus ? signed[1..] : signed;
            var why = digits.Length > 0 && digits.All(char.IsAsciiDigit)
                ? "is out of range for a 64-bit credit amount"
                : "is not a whole number of credits";
            throw PlatformException.BadInput(new Violation(file, row, field, value, why));
        }
        return credits;
    }

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
