using Platform.Domain;

namespace Platform.Repository.Config;

/// <summary>One row of config/billing/promotions.csv, fields as the admin wrote them except the checked ones.</summary>
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
    long Row);
