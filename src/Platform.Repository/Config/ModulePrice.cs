using Platform.Domain;

namespace Platform.Repository.Config;

/// <summary>One row of config/billing/module_prices.csv; empty effective bounds mean open-ended. Row is the CSV record number.</summary>
public sealed record ModulePrice(
    ModuleId ModuleId,
    Credits RunCredits,
    Credits SaveToReleaseCredits,
    DateTimeOffset? EffectiveFrom,
    DateTimeOffset? EffectiveTo,
    bool Active,
    string Notes,
    long Row)
{
    /// <summary>Whether this price applies at <paramref name="now"/>: active and inside its bounds (from inclusive, to exclusive).</summary>
    public bool AppliesAt(DateTimeOffset now) =>
        Active && (EffectiveFrom is null || EffectiveFrom <= now) && (EffectiveTo is null || now < EffectiveTo);
}
