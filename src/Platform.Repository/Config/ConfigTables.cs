using Platform.Domain.Ids;
using static Platform.Files.Tables.FieldRule;

namespace Platform.Repository.Config;

/// <summary>The admin-managed billing CSVs under <c>config/billing/</c>, with their exact headers.</summary>
public static class ConfigTables
{
    public const string Folder = "config/billing";

    public static readonly TableSchema BillingDefaults = new(
        "billing_defaults.csv",
        [new("key", AnyText), new("value", AnyText), new("notes", AnyText)],
        KeyColumn: 0,
        AppendOnly: false);

    public static readonly TableSchema ModulePrices = new(
        "module_prices.csv",
        [
            new("module_id", Id(IdKind.Module)),
            new("price_run_credits", Price),
            new("price_save_to_release_credits", Price),
            new("effective_from", OptionalDateOrTime),
            new("effective_to", OptionalDateOrTime),
            new("active", OneOf("true", "false")),
            new("notes", AnyText),
        ],
        KeyColumn: null,
        AppendOnly: false);

    public static readonly TableSchema Promotions = new(
        "promotions.csv",
        [
            new("promo_id", AnyText),
            new("code", AnyText),
            new("type", AnyText),
            new("value_credits", Price),
            new("max_uses_per_tenant", AnyText),
            new("valid_from", OptionalDateOrTime),
            new("valid_to", OptionalDateOrTime),
            new("active", OneOf("true", "false")),
            new("rules_json", Json),
            new("notes", AnyText),
        ],
        KeyColumn: 1,
        AppendOnly: false);

    public static readonly TableSchema TopupInstructions = new(
        "topup_instructions.csv",
        [
            new("topup_method_id", Id(IdKind.TopupMethod)),
            new("name", AnyText),
            new("enabled", OneOf("true", "false")),
            new("instructions", AnyText),
        ],
        KeyColumn: 0,
        AppendOnly: false);

    public static readonly TableSchema Payments = new(
        "payments.csv",
        [
            new("payment_id", Id(IdKind.Payment)),
            new("tenant_id", Id(IdKind.Tenant)),
            new("topup_method_id", Id(IdKind.TopupMethod)),
            new("amount_credits", Amount),
            new("reference", AnyText),
            new("received_at", OptionalTime),
            new("status", OneOf("PENDING", "CONFIRMED", "SETTLED", "FAILED", "CANCELLED", "REFUNDED")),
            new("note", AnyText),
        ],
        KeyColumn: 0,
        AppendOnly: false);

    public static IReadOnlyList<TableSchema> All { get; } =
        [BillingDefaults, ModulePrices, Promotions, TopupInstructions, Payments];

    public static string PathOf(string repoRoot, TableSchema table) => Path.Combine(repoRoot, Folder, table.FileName);
}
