using System.Globalization;
using Platform.Domain.Time;

namespace Platform.Domain.Tests;

public class TimestampTests
{
    [Theory]
    [InlineData("2026-01-04T18:37:22Z")]
    [InlineData("2024-02-29T00:00:00Z")]
    [InlineData("2000-02-29T23:59:59Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    public void Valid_timestamps_are_accepted(string text)
    {
        Assert.True(Timestamp.IsValid(text));
        Assert.True(Timestamp.TryParse(text, out var instant));
        Assert.Equal(text, Timestamp.ToText(instant));
    }

    [Theory]
    [InlineData("2025-02-29T00:00:00Z")]
    [InlineData("1900-02-29T00:00:00Z")]
    [InlineData("2026-04-31T00:00:00Z")]
    [InlineData("2026-13-01T00:00:00Z")]
    [InlineData("2026-00-01T00:00:00Z")]
    [InlineData("2026-01-00T00:00:00Z")]
    [InlineData("2026-01-04T24:00:00Z")]
    [InlineData("2026-01-04T18:60:00Z")]
    [InlineData("2026-01-04T18:37:60Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2026-01-04 18:37:22Z")]
    [InlineData("2026-01-04T18:37:22")]
    [InlineData("2026-01-04T18:37:22+00:00")]
    [InlineData("2026-01-04T18:37:22.5Z")]
    [InlineData("2026-1-04T18:37:22Z")]
    [InlineData("2026-01-04T18:37:2aZ")]
    [InlineData("2026-01-04T18:37:22z")]
    [InlineData("+026-01-04T18:37:22Z")]
    [InlineData("2026-01-04T18:37:-2Z")]
    [InlineData("２０２６-01-04T18:37:22Z")]
    [InlineData("")]
    public void Invalid_timestamps_are_rejected(string text)
    {
        Assert.False(Timestamp.IsValid(text));
        Assert.False(Timestamp.TryParse(text, out _));
    }

    [Fact]
    public void The_fast_check_agrees_with_the_framework_parser_on_every_day_of_four_centuries()
    {
        // Every calendar date of 1900-2300 plus the impossible day 29..31 of each month.
        for (var year = 1900; year <= 2300; year++)
        {
            for (var month = 1; month <= 12; month++)
            {
                for (var day = 1; day <= 31; day++)
                {
                    var text = string.Create(CultureInfo.InvariantCulture, $"{year:0000}-{month:00}-{day:00}T12:34:56Z");
                    var expected = DateTime.TryParseExact(text, Timestamp.Format, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out _);
                    Assert.Equal(expected, Timestamp.IsValid(text));
                }
            }
        }
    }
}
