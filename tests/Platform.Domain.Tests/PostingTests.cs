using Platform.Domain.Errors;
using Platform.Domain.Ledger;

namespace Platform.Domain.Tests;

public class PostingTests
{
    private static readonly TenantId Tenant = TenantId.Parse("Ab12Cd", "tenant_id");
    private static readonly ModuleId Module = ModuleId.Parse("U2T", "module_id");

    [Fact]
    public void A_spend_sums_its_charges_and_discount()
    {
        var posting = new Posting(Tenant, TransactionType.Spend, "spend:x",
        [
            new PostingItem(Module, Feature.Run, ItemType.Spend, new Credits(-10)),
            new PostingItem(Module, Feature.SaveToRelease, ItemType.Spend, new Credits(-5)),
            new PostingItem(null, Feature.Promotion, ItemType.Discount, new Credits(3)),
        ]);
        Assert.Equal(-12, posting.Amount.Value);
    }

    [Theory]
    [InlineData(TransactionType.Topup, ItemType.Topup, 100)]
    [InlineData(TransactionType.Spend, ItemType.Spend, -40)]
    public void An_adjustment_is_a_topup_or_a_spend_without_a_module(TransactionType type, ItemType itemType, long amount)
    {
        var posting = new Posting(Tenant, type, "opening-balance:Ab12Cd", [new PostingItem(null, Feature.Adjustment, itemType, new Credits(amount))]);
        Assert.Equal(amount, posting.Amount.Value);
        Assert.Equal("ADJUSTMENT", Feature.Adjustment.Text());
    }

    [Fact]
    public void A_fully_discounted_spend_may_be_zero()
    {
        var posting = new Posting(Tenant, TransactionType.Spend, "spend:y",
        [
            new PostingItem(Module, Feature.Run, ItemType.Spend, new Credits(-10)),
            new PostingItem(null, Feature.Promotion, ItemType.Discount, new Credits(10)),
        ]);
        Assert.Equal(0, posting.Amount.Value);
    }

    [Theory]
    [InlineData(TransactionType.Topup, ItemType.Topup, Feature.AdminTopup, -5)]
    [InlineData(TransactionType.Spend, ItemType.Spend, Feature.Run, 5)]
    [InlineData(TransactionType.Refund, ItemType.Refund, Feature.Run, -5)]
    [InlineData(TransactionType.Topup, ItemType.Refund, Feature.Run, 5)]
    [InlineData(TransactionType.Topup, ItemType.Topup, Feature.Run, 5)]
    [InlineData(TransactionType.Refund, ItemType.Refund, Feature.Adjustment, 5)]
    public void Postings_that_break_a_rule_are_refused(TransactionType type, ItemType itemType, Feature feature, long amount) =>
        Assert.Throws<PlatformException>(() => new Posting(Tenant, type, "k", [new PostingItem(null, feature, itemType, new Credits(amount))]));
}
