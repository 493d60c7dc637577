using Platform.Domain.Errors;
using Platform.Domain.Time;

namespace Platform.Reports.Statements;

/// <summary>
/// The period of a statement, compared with <c>created_at</c> as text (state timestamps are all
/// <c>yyyy-MM-ddTHH:mm:ssZ</c>, so text order is time order). <c>--from</c> is inclusive;
/// <c>--to</c> a date covers that whole day, a timestamp includes that second. Either may be open.
/// </summary>
public sealed record StatementPeriod(string? From, string? To, string? FromText, string? ToText)
{
    public static readonly StatementPeriod All = new(null, null, null, null);

    /// <param name="from">A date <c>yyyy-MM-dd</c> or a timestamp, or null (the first transaction).</param>
    /// <param name="to">A date or a timestamp, or null (the last transaction).</param>
    /// <param name="fromOption">The option <paramref name="from"/> came from, for errors (<c>ledger</c> calls it <c>--since</c>).</param>
    public static StatementPeriod Parse(string? from, string? to, string fromOption = "--from")
    {
        var start = Bound(from, fromOption, endOfDay: false);
        var end = Bound(to, "--to", endOfDay: true);
        if (start is not null && end is not null && string.CompareOrdinal(start, end) > 0)
        {
            throw PlatformException.BadInput(new Violation(null, null, "--to", to, $"is before --from {from}"));
        }
        return new StatementPeriod(start, end, from, to);
    }

    /// <summary>True for a time before the period: it counts in the opening balance.</summary>
    public bool IsBefore(ReadOnlySpan<char> createdAt) => From is not null && createdAt.CompareTo(From, StringComparison.Ordinal) < 0;

    /// <summary>True for a time after the period: it counts in neither balance of the statement.</summary>
    public bool IsAfter(ReadOnlySpan<char> createdAt) => To is not null && createdAt.CompareTo(To, StringComparison.Ordinal) > 0;

    /// <summary>The first and last second of the period as timestamps (null when open).</summary>
    private static string? Bound(string? text, string field, bool endOfDay)
    {
        if (text is null)
        {
            return null;
        }
        if (!Timestamp.TryParseDateOrTime(text, out var instant))
        {
            throw PlatformException.BadInput(new Violation(null, null, field, text, "is not a date like 2026-01-31 or a UTC timestamp like 2026-01-31T18:00:00Z"));
        }
        return Timestamp.ToText(endOfDay && text.Length == 10 ? instant.AddDays(1).AddSeconds(-1) : instant);
    }
}
