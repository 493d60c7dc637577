using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ledger;

namespace Platform.Domain.Tests;

public class AdjustmentTests
{
    [Theory]
    [InlineData("+7", 7)]
    [InlineData("7", 7)]
    [InlineData("-7", -7)]
    public void A_correction_amount_takes_either_sign(string text, long expected) =>
        Assert.Equal(expected, Credits.ParseNonZero(text, "--amount-credits").Value);

    [Theory]
    [InlineData("0", "non-zero")]
    [InlineData("+-7", "whole number")]
    [InlineData("++7", "whole number")]
    [InlineData("+99999999999999999999", "out of range")]
    public void A_bad_correction_amount_names_the_reason(string text, string reason)
    {
        var error = Assert.Throws<PlatformException>(() => Credits.ParseNonZero(text, "--amount-credits"));
        Assert.Contains(reason, Assert.Single(error.Violations).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_top_up_keeps_refusing_a_plus_sign() =>
        Assert.Throws<PlatformException>(() => Credits.ParsePositive("+7", "--amount-credits"));

    [Theory]
    [InlineData(ItemType.Topup, null)]
    [InlineData(ItemType.Spend, null)]
    [InlineData(ItemType.Refund, "must have feature RUN or SAVE_TO_RELEASE")]
    [InlineData(ItemType.Discount, "must have feature PROMOTION")]
    public void The_adjustment_feature_goes_with_top_ups_and_spends_only(ItemType type, string? problem)
    {
        var found = LedgerRules.ItemFeatureProblem(type, Feature.Adjustment);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found, StringComparison.Ordinal);
        }
    }
}
