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

    [Fact]
    public void Arithmetic_never_wraps() =>
        Assert.Throws<OverflowException>(() => new Credits(long.MaxValue) + new Credits(1));
}
