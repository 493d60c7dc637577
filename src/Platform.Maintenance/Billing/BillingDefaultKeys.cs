using Platform.Domain;

namespace Platform.Maintenance.Billing;

/// <summary>
/// The keys of config/billing/billing_defaults.csv that maintenance reads to price a module missing
/// from module_prices.csv, and the values it falls back to (with a warning) when a key is absent.
/// </summary>
public static class BillingDefaultKeys
{
    public const string PriceRunCredits = "default_price_run_credits";
    public const string PriceSaveToReleaseCredits = "default_price_save_to_release_credits";

    public static readonly Credits FallbackRunCredits = new(10);
    public static readonly Credits FallbackSaveToReleaseCredits = new(5);
}
