using Platform.Domain.Errors;

namespace Platform.Domain.Tests;

public class CreditsTests
{
    [Theory]
    [InlineData("1", 1)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void Positive_amounts_parse(string text, long expected) =>
        Assert.Equal(expected, Credits.ParsePositive(text, "--amount-credits").Value);

    [Theory]
    [InlineData("0", "positive")]
    [InlineData("-5", "positive")]
    [InlineData("1.5", "whole number")]
    [InlineData("1e3", "whole number")]
    [InlineData(" 7", "whole number")]
    [InlineData("+7", "whole number")]
    [InlineData("", "whole number")]
    [InlineData("9223372036854775808", "out of range")]
    [InlineData("99999999999999999999", "out of range")]
    public void Bad_amounts_are_rejected_with_the_reason(string text, string reason)
    {
        var error = Assert.Throws<PlatformException>(() => Credits.ParsePositive(text, "--amount-credits"));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Contains("--amount-credits", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(long.MaxValue, 1)]
    [InlineData(long.MinValue, -1)]
    [InlineData(9223372036854775000, 1000)]
    public void Addition_never_wraps(long a, long b)
    {
        var error = Assert.Throws<CreditOverflowException>(() => new Credits(a) + new Credits(b));
        Assert.Contains($"{a} + {b}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(long.MinValue, 1)]
    [InlineData(0, long.MinValue)]
    [InlineData(long.MaxValue, -1)]
    public void Subtraction_never_wraps(long a, long b) =>
        Assert.Throws<CreditOverflowException>(() => new Credits(a) - new Credits(b));

    [Theory]
    [InlineData(long.MaxValue, long.MinValue + 1, 0)]
    [InlineData(long.MinValue, long.MaxValue, -1)]
    public void Sums_at_the_edge_of_the_range_are_exact(long a, long b, long expected)
    {
        Assert.Equal(expected, (new Credits(a) + new Credits(b)).Value);
        Assert.Equal(expected, (new Credits(b) + new Credits(a)).Value);
    }

    [Fact]
    public void Negating_the_smallest_amount_is_an_overflow() =>
        Assert.Throws<CreditOverflowException>(() => -new Credits(long.MinValue));
}
