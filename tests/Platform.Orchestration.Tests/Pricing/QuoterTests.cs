using Platform.Domain;
using Platform.Orchestration.Planning;
using Platform.Orchestration.Pricing;

namespace Platform.Orchestration.Tests.Pricing;

/// <summary>Prices in force (windows, inactive rows, defaults) and promotions, on the sample repository.</summary>
public sealed class QuoterTests : IDisposable
{
    private const string Prices = "config/billing/module_prices.csv";
    private const string Promotions = "config/billing/promotions.csv";
    private readonly SampleOrder order = new(promotions: "[SAVE3]");

    [Theory]
    [InlineData("2026-01-04T18:37:22Z", "", 20)]                 // effective_from is inclusive
    [InlineData("2026-01-04T18:37:23Z", "", 7)]                  // not yet in force
    [InlineData("", "2026-01-04T18:37:22Z", 7)]                  // effective_to is exclusive
    [InlineData("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 20)]
    public void The_last_active_row_in_force_now_prices_a_run(string from, string to, long run)
    {
        PricesAre("U2T,7,5,,,true,", $"U2T,20,5,{from},{to},true,", "U2T,99,5,,,false,inactive");

        Assert.Equal(new Credits(run), Quote().Steps.Single().Run);
    }

    [Fact]
    public void Without_a_row_in_force_the_billing_defaults_price_the_run()
    {
        PricesAre("U2T,99,5,,,false,inactive");
        order.Sample.Write("config/billing/billing_defaults.csv", "key,value,notes\ndefault_price_run_credits,12,\n");

        Assert.Equal(new Credits(12), Quote().Steps.Single().Run);
    }

    [Fact]
    public void Without_defaults_a_run_costs_ten()
    {
        PricesAre();
        order.Sample.Write("config/billing/billing_defaults.csv", "key,value,notes\n");

        Assert.Equal(new Credits(10), Quote().Steps.Single().Run);
    }

    [Theory]
    [InlineData("SAVE3,FIXED_CREDITS,3,0,,,false", "inactive")]
    [InlineData("SAVE3,FIXED_CREDITS,3,0,,2026-01-04T18:37:22Z,true", "outside its validity")]
    [InlineData("SAVE3,FIXED_CREDITS,3,0,2026-01-05T00:00:00Z,,true", "outside its validity")]
    [InlineData("SAVE3,FIXED_CREDITS,3,2,,,true", "used 2 of 2 times")]
    public void A_promotion_that_does_not_apply_gives_no_discount_and_says_why(string row, string why)
    {
        PricesAre("U2T,10,5,,,true,");
        order.Sample.Write(Promotions, ConfigHeader(Promotions) + $"P9,{row},{{}},\n");

        var quote = Quote(redemptions: 2);

        Assert.Equal(Credits.Zero, quote.Discount);
        Assert.Null(quote.PromotionCode);
        Assert.Equal($"promotion SAVE3: {why}", Assert.Single(quote.PromotionNotes));
    }

    [Theory]
    [InlineData(3, 3, 7)]
    [InlineData(25, 10, 0)]     // never more than the price
    public void A_promotion_discounts_at_most_the_price(long value, long discount, long net)
    {
        PricesAre("U2T,10,5,,,true,");
        order.Sample.Write(Promotions, ConfigHeader(Promotions) + $"P9,SAVE3,FIXED_CREDITS,{value},1,,,true,{{}},\n");

        var quote = Quote();

        Assert.Equal(new Credits(discount), quote.Discount);
        Assert.Equal(new Credits(net), quote.Net);
        Assert.Equal("SAVE3", quote.PromotionCode);
    }

    /// <summary>The earlier Python platform's sample row: type PROMO_CODE, a free-form ID, open validity.</summary>
    [Fact]
    public void A_python_platform_promo_code_gives_its_credits_like_a_fixed_credits_one()
    {
        PricesAre("U2T,10,5,,,true,");
        order.Sample.Write(Promotions, ConfigHeader(Promotions) + "PROMO-001,SAVE3,PROMO_CODE,3,1,,,true,{},\n");

        var quote = Quote();

        Assert.Equal((new Credits(3), "SAVE3"), (quote.Discount, quote.PromotionCode));
    }

    public void Dispose() => order.Dispose();

    private void PricesAre(params string[] rows) =>
        order.Sample.Write(Prices, ConfigHeader(Prices) + string.Concat(rows.Select(r => r + "\n")));

    private string ConfigHeader(string file) => order.Sample.Read(file).Split('\n')[0] + "\n";

    private Quote Quote(int redemptions = 0)
    {
        var (repository, tenant, workOrder) = order.Load();
        var used = Enumerable.Repeat<string[]>(["Rd000001", "Ac7Kq2", "SAVE3", "3", "2026-01-01T00:00:00Z", "", ""], redemptions);
        return new Quoter(repository, SampleOrder.Now, storeAllowsArtifacts: true).Price(tenant, workOrder, WorkOrderHistory.FromRows([], used));
    }
}
