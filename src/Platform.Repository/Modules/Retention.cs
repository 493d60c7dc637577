using System.Globalization;

namespace Platform.Repository.Modules;

/// <summary>A cache retention written <c>Nh</c>, <c>Nd</c> or <c>Nw</c>; keeps its text so indexes show it as written.</summary>
public sealed record Retention(string Text, TimeSpan Duration)
{
    /// <summary>A bound so expiry arithmetic can never overflow: ten years.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3653);

    public static readonly Retention OneWeek = new("1w", TimeSpan.FromDays(7));

    public static bool TryParse(string text, out Retention retention)
    {
        retention = OneWeek;
        if (text.Length < 2 || !int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
        {
            return false;
        }
        TimeSpan? duration = text[^1] switch
        {
            'h' => TimeSpan.FromHours(count),
            'd' => TimeSpan.FromDays(count),
            'w' => TimeSpan.FromDays(7.0 * count),
            _ => null,
        };
        if (duration is not TimeSpan span || span > Longest)
        {
            return false;
        }
        retention = new Retention(text, span);
        return true;
    }
}
