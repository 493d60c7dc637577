namespace Platform.Repository.Config;

/// <summary>The admin-managed CSVs of config/billing/, read through their exact schemas.</summary>
public sealed record BillingConfig(
    IReadOnlyDictionary<string, string> Defaults,
    IReadOnlyList<ModulePrice> ModulePrices,
    IReadOnlyList<Promotion> Promotions,
    IReadOnlyList<TopupMethod> TopupMethods,
    IReadOnlyList<Payment> Payments)
{
    public static readonly BillingConfig Empty = new(new Dictionary<string, string>(), [], [], [], []);
}
