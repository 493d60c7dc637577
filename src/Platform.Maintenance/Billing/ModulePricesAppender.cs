using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Maintenance.Indexes;
using Platform.Repository.Config;
using Platform.Repository.Loading;

namespace Platform.Maintenance.Billing;

/// <summary>
/// Adds a price row for every module that has none in config/billing/module_prices.csv, using the
/// billing defaults. Existing bytes are kept exactly (admins own this file); new rows are appended
/// in module ID order, active from the start with no end.
/// </summary>
public static class ModulePricesAppender
{
    public const string AddedNote = "added by maintenance from billing_defaults.csv";

    /// <summary>The new file, or null when every module already has a price.</summary>
    public static GeneratedFile? Build(PlatformRepository repository, ICollection<Violation> errors, ICollection<Violation> warnings)
    {
        // Compared as text: string sets come precompiled, ID sets are compiled on every run.
        var priced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var price in repository.Billing.ModulePrices)
        {
            priced.Add(price.ModuleId.Value);
        }
        var missing = new List<string>();
        foreach (var module in repository.Modules)
        {
            if (!priced.Contains(module.Id.Value))
            {
                missing.Add(module.Id.Value);
            }
        }
        if (missing.Count == 0)
        {
            return null;
        }
        var run = Default(repository.Billing, BillingDefaults.PriceRunCredits, BillingDefaults.FallbackRunCredits, warnings);
        var save = Default(repository.Billing, BillingDefaults.PriceSaveToReleaseCredits, BillingDefaults.FallbackSaveToReleaseCredits, warnings);
        var relative = BillingConfigReader.RelativePath(ConfigTables.ModulePrices);
        var path = RepositoryPaths.Full(repository.Root, relative);
        var existing = File.Exists(path) ? File.ReadAllBytes(path) : CsvFormat.Encode(ConfigTables.ModulePrices.Header, [], writeHeader: true);
        var rows = missing.Select(id => (IReadOnlyList<string>)ConfigTables.ModulePrices.RowOf(("module_id", id), ("price_run_credits", run.ToString()),
            ("price_save_to_release_credits", save.ToString()), ("effective_from", ""), ("effective_to", ""), ("active", "true"), ("notes", AddedNote)));
        var appended = CsvFormat.Encode(ConfigTables.ModulePrices.Header, rows, writeHeader: false);
        var needsNewline = existing.Length > 0 && existing[^1] != (byte)'\n';
        byte[] bytes = [.. existing, .. needsNewline ? "\n"u8.ToArray() : [], .. appended];
        return new GeneratedFile(relative, bytes);
    }

    /// <summary>The default price, with a warning when billing_defaults.csv does not set it.</summary>
    private static Credits Default(BillingConfig billing, string key, Credits fallback, ICollection<Violation> warnings)
    {
        if (BillingDefaults.Price(billing, key) is { } price)
        {
            return price;
        }
        warnings.Add(new Violation(BillingConfigReader.RelativePath(ConfigTables.BillingDefaults), null, "key", key, $"is not set; new module prices use {fallback}"));
        return fallback;
    }
}
