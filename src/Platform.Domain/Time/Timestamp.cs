using System.Globalization;
using System.Runtime.CompilerServices;

namespace Platform.Domain.Time;

/// <summary>UTC ISO-8601 timestamps with seconds and 'Z', the only form state files use.</summary>
public static class Timestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    private const int Length = 20;

    public static string ToText(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset instant)
    {
        instant = default;
        if (!TryReadParts(text, out var year, out var month, out var day, out var hour, out var minute, out var second))
        {
            return false;
        }
        instant = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// A timestamp, or a date <c>yyyy-MM-dd</c> read as midnight UTC: the form the earlier Python
    /// platform's price and promotion windows use (SPEC section 3). Admin config only; state files
    /// hold full timestamps.
    /// </summary>
    public static bool TryParseDateOrTime(ReadOnlySpan<char> text, out DateTimeOffset instant)
    {
        if (text.Length == 10)
        {
            Span<char> full = stackalloc char[Length];
            text.CopyTo(full);
            "T00:00:00Z".AsSpan().CopyTo(full[10..]);
            return TryParse(full, out instant);
        }
        return TryParse(text, out instant);
    }

    /// <summary>
    /// True for exactly <c>yyyy-MM-ddTHH:mm:ssZ</c> naming a real moment (leap years included).
    /// State files hold millions of these, so this is a hand-written check rather than a culture-aware parse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsValid(ReadOnlySpan<char> text) => TryReadParts(text, out _, out _, out _, out _, out _, out _);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadParts(ReadOnlySpan<char> text, out int year, out int month, out int day, out int hour, out int minute, out int second)
    {
        year = month = day = hour = minute = second = 0;
        if (text.Length != Length || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
        {
            return false;
        }
        year = Digits(text, 0, 4);
        month = Digits(text, 5, 2);
        day = Digits(text, 8, 2);
        hour = Digits(text, 11, 2);
        minute = Digits(text, 14, 2);
        second = Digits(text, 17, 2);
        // Digits returns -1 for a non-digit, so one range check per part covers both.
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DaysIn(year, month)
            && hour is >= 0 and <= 23 && minute is >= 0 and <= 59 && second is >= 0 and <= 59;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Digits(ReadOnlySpan<char> text, int start, int count)
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return -1;
            }
            value = (value * 10) + (int)digit;
        }
        return value;
    }

    private static int DaysIn(int year, int month) => month switch
    {
        2 => IsLeapYear(year) ? 29 : 28,
        4 or 6 or 9 or 11 => 30,
        _ => 31,
    };

    private static bool IsLeapYear(int year) => year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}
