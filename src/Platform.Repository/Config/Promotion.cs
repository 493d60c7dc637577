using Platform.Domain;

namespace Platform.Repository.Config;

/// <summary>
/// One row of config/billing/promotions.csv, fields as the admin wrote them except the checked ones.
/// <see cref="GivesFixedCredits"/>: type FIXED_CREDITS, or PROMO_CODE as the earlier Python platform
/// wrote the same kind of code (SPEC section 3).
/// </summary>
public sealed record Promotion(
    string PromoId,
    string Code,
    string Type,
    Credits ValueCredits,
    string MaxUsesPerTenant,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidTo,
    bool Active,
    string RulesJson,
    string Notes,
    long Row)
{
    public bool GivesFixedCredits => Type is "FIXED_CREDITS" or "PROMO_CODE";
}
