using System.Globalization;
using Platform.Domain.Time;
using Platform.Reports.Statements;

namespace Platform.Reports.Dashboard;

/// <summary>
/// The days the dashboard's charts and statements cover: the last <see cref="Days"/> calendar days
/// (UTC) up to the clock, today included. Everything before counts in the opening balances.
/// </summary>
public sealed class DashboardWindow
{
    public const int MaxDays = 366;

    public DashboardWindow(DateTimeOffset now, int days)
    {
        if (days is < 1 or > MaxDays)
        {
            throw Platform.Domain.Errors.PlatformException.BadInput(new Platform.Domain.Errors.Violation(null, null, "--days",
                days.ToString(CultureInfo.InvariantCulture), $"must be 1 to {MaxDays}"));
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Dates = [.. Enumerable.Range(0, days).Select(i => today.AddDays(i - days + 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))];
        Period = StatementPeriod.Parse(Dates[0], Timestamp.ToText(now));
    }

    public int Days => Dates.Count;

    /// <summary>The window's dates, oldest first, as <c>yyyy-MM-dd</c>.</summary>
    public IReadOnlyList<string> Dates { get; }

    /// <summary>The window as a statement period: from its first day to the clock's second.</summary>
    public StatementPeriod Period { get; }

    /// <summary>The index in <see cref="Dates"/> of a timestamp in the window (its first ten characters are its date).</summary>
    public int DayOf(string createdAt)
    {
        var first = DateOnly.ParseExact(Dates[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var day = DateOnly.ParseExact(createdAt.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        return Math.Clamp(day.DayNumber - first.DayNumber, 0, Dates.Count - 1);
    }
}
