using Platform.Domain;

namespace Platform.Repository.Config;

/// <summary>
/// The default prices in config/billing/billing_defaults.csv: what a module missing from
/// module_prices.csv costs, and what maintenance writes for a new module. The one reader of those
/// keys; their values are checked (whole credits, zero or more) when the repository is read.
/// </summary>
public static class BillingDefaults
{
    public const string PriceRunCredits = "default_price_run_credits";
    public const string PriceSaveToReleaseCredits = "default_price_save_to_release_credits";

    public static readonly Credits FallbackRunCredits = new(10);
    public static readonly Credits FallbackSaveToReleaseCredits = new(5);

    private static readonly string[] PriceKeys = [PriceRunCredits, PriceSaveToReleaseCredits];

    /// <summary>The run price for a module without a price row (the fallback when the key is not set).</summary>
    public static Credits RunCredits(BillingConfig billing) => Price(billing, PriceRunCredits) ?? FallbackRunCredits;

    /// <summary>The save-to-release price for a module without a price row (the fallback when the key is not set).</summary>
    public static Credits SaveToReleaseCredits(BillingConfig billing) => Price(billing, PriceSaveToReleaseCredits) ?? FallbackSaveToReleaseCredits;

    /// <summary>The key's price, or null when it is not set (a bad value is reported by <see cref="Problem"/> at load).</summary>
    public static Credits? Price(BillingConfig billing, string key) =>
        billing.Defaults.TryGetValue(key, out var text) && Credits.TryParse(text, out var value) && value.Value >= 0 ? value : null;

    /// <summary>Why a default's value is wrong, or null; only the price keys are checked.</summary>
    public static string? Problem(string key, string value) =>
        PriceKeys.Contains(key) && (!Credits.TryParse(value, out var credits) || credits.Value < 0)
            ? "must be a whole number of credits, zero or more"
            : null;
}
