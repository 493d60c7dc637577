using Platform.Domain;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Domain.Time;

namespace Platform.Repository.Config;

/// <summary>
/// Reads config/billing/*.csv through the <see cref="ConfigTables"/> schemas. Header, field and key
/// problems are structural errors naming the file (relative to the repository root) and row.
/// </summary>
public static class BillingConfigReader
{
    public static BillingConfig Read(string repoRoot, ICollection<Violation> errors)
    {
        var defaults = Scan(repoRoot, ConfigTables.BillingDefaults, errors);
        foreach (var r in defaults)
        {
            if (BillingDefaults.Problem(r["key"], r["value"]) is { } problem)
            {
                errors.Add(new Violation(RelativePath(ConfigTables.BillingDefaults), r.Row, r["key"], r["value"], problem));
            }
        }
        var prices = Scan(repoRoot, ConfigTables.ModulePrices, errors);
        var promotions = Scan(repoRoot, ConfigTables.Promotions, errors);
        return new BillingConfig(
            defaults.ToDictionary(r => r["key"], r => r["value"], StringComparer.Ordinal),
            prices.Select(r => new ModulePrice(
                Id(r["module_id"]).As<ModuleKind>(), Amount(r["price_run_credits"]), Amount(r["price_save_to_release_credits"]),
                Window(r["effective_from"]), Window(r["effective_to"]), r["active"] == "true", r["notes"], r.Row)).ToArray(),
            promotions.Select(r => new Promotion(
                r["promo_id"], r["code"], r["type"], Amount(r["value_credits"]), r["max_uses_per_tenant"], Window(r["valid_from"]), Window(r["valid_to"]),
                r["active"] == "true", r["rules_json"], r["notes"], r.Row)).ToArray(),
            ReadTopupMethods(repoRoot, errors),
            ReadPayments(repoRoot, errors));
    }

    public static IReadOnlyList<TopupMethod> ReadTopupMethods(string repoRoot, ICollection<Violation> errors) =>
        Scan(repoRoot, ConfigTables.TopupInstructions, errors)
            .Select(r => new TopupMethod(Id(r["topup_method_id"]).As<TopupMethodKind>(), r["name"], r["enabled"] == "true", r["instructions"], r.Row)).ToArray();

    public static IReadOnlyList<Payment> ReadPayments(string repoRoot, ICollection<Violation> errors) =>
        Scan(repoRoot, ConfigTables.Payments, errors)
            .Select(r => new Payment(
                Id(r["payment_id"]).As<PaymentKind>(), Id(r["tenant_id"]).As<TenantKind>(), Id(r["topup_method_id"]).As<TopupMethodKind>(),
                Amount(r["amount_credits"]), r["reference"], Time(r["received_at"]), r["status"], r["note"], r.Row)).ToArray();

    /// <summary>Reads one table alone, throwing a bad-input error listing every problem.</summary>
    public static T ReadOrThrow<T>(string repoRoot, Func<string, ICollection<Violation>, T> read)
    {
        var errors = new List<Violation>();
        var result = read(repoRoot, errors);
        return errors.Count > 0 ? throw PlatformException.BadInput(errors) : result;
    }

    public static string RelativePath(TableSchema table) => $"{ConfigTables.Folder}/{table.FileName}";

    private static List<RowView> Scan(string repoRoot, TableSchema table, ICollection<Violation> errors)
    {
        var relative = RelativePath(table);
        var scan = SmallTable.Read(ConfigTables.PathOf(repoRoot, table), relative, table, errors);
        if (scan is null)
        {
            errors.Add(new Violation(relative, null, null, null, $"is missing; it must exist with the header {table.HeaderLine}"));
            return [];
        }
        return scan.Rows.Select((fields, i) => new RowView(table, fields, scan.RowNumbers[i])).ToList();
    }


    // The schema rules already checked these fields, so the conversions below cannot fail.
    private static Credits Amount(string text) => Credits.TryParse(text, out var credits) ? credits : Credits.Zero;

    private static DateTimeOffset? Time(string text) => Timestamp.TryParse(text, out var instant) ? instant : null;

    /// <summary>One end of a price or promotion window: open when empty; a date is midnight UTC.</summary>
    private static DateTimeOffset? Window(string text) => Timestamp.TryParseDateOrTime(text, out var instant) ? instant : null;

    private static CheckedText Id(string text) => new(text);

    private readonly record struct CheckedText(string Text)
    {
        public Id<TKind> As<TKind>()
            where TKind : IIdKind => Id<TKind>.Parse(Text, TKind.Kind.Name);
    }
}
