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

    /// <summary>The index in <see cref="Dates"/> of a timestamp in the window (its first ten characters are its date; text order is time order).</summary>
    public int DayOf(string createdAt)
    {
        var date = createdAt.AsSpan(0, Math.Min(10, createdAt.Length));
        int low = 0, high = Dates.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (date.CompareTo(Dates[middle], StringComparison.Ordinal) >= 0)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        return low;
    }
}
