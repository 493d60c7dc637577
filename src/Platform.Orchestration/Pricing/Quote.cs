using Platform.Domain;

namespace Platform.Orchestration.Pricing;

/// <summary>A work order's price: each module's charges, a promotion's discount (never above the total) and the net.</summary>
public sealed record Quote(IReadOnlyList<StepPrice> Steps, Credits Discount, string? PromotionCode, IReadOnlyList<string> PromotionNotes)
{
    public Credits Gross => Steps.Aggregate(Credits.Zero, (sum, s) => sum + s.Total);

    public Credits Net => Gross - Discount;

    public StepPrice For(ModuleId module) => Steps.First(s => s.Module == module);
}
