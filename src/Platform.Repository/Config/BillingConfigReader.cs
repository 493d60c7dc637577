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
        foreach (var (fields, row) in defaults)
        {
            if (BillingDefaults.Problem(fields[0], fields[1]) is { } problem)
            {
                errors.Add(new Violation(RelativePath(ConfigTables.BillingDefaults), row, fields[0], fields[1], problem));
            }
        }
        var prices = Scan(repoRoot, ConfigTables.ModulePrices, errors);
        var promotions = Scan(repoRoot, ConfigTables.Promotions, errors);
        return new BillingConfig(
            defaults.Select(r => r.Fields).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal),
            prices.Select(r => new ModulePrice(
                Id(r.Fields[0]).As<ModuleKind>(), Amount(r.Fields[1]), Amount(r.Fields[2]), Time(r.Fields[3]), Time(r.Fields[4]),
                r.Fields[5] == "true", r.Fields[6], r.Row)).ToArray(),
            promotions.Select(r => new Promotion(
                r.Fields[0], r.Fields[1], r.Fields[2], Amount(r.Fields[3]), r.Fields[4], Time(r.Fields[5]), Time(r.Fields[6]),
                r.Fields[7] == "true", r.Fields[8], r.Fields[9], r.Row)).ToArray(),
            ReadTopupMethods(repoRoot, errors),
            ReadPayments(repoRoot, errors));
    }

    public static IReadOnlyList<TopupMethod> ReadTopupMethods(string repoRoot, ICollection<Violation> errors) =>
        Scan(repoRoot, ConfigTables.TopupInstructions, errors)
            .Select(r => new TopupMethod(Id(r.Fields[0]).As<TopupMethodKind>(), r.Fields[1], r.Fields[2] == "true", r.Fields[3], r.Row)).ToArray();

    public static IReadOnlyList<Payment> ReadPayments(string repoRoot, ICollection<Violation> errors) =>
        Scan(repoRoot, ConfigTables.Payments, errors)
            .Select(r => new Payment(
                Id(r.Fields[0]).As<PaymentKind>(), Id(r.Fields[1]).As<TenantKind>(), Id(r.Fields[2]).As<TopupMethodKind>(), Amount(r.Fields[3]),
                r.Fields[4], Time(r.Fields[5]), r.Fields[6], r.Fields[7], r.Row)).ToArray();

    /// <summary>Reads one table alone, throwing a bad-input error listing every problem.</summary>
    public static T ReadOrThrow<T>(string repoRoot, Func<string, ICollection<Violation>, T> read)
    {
        var errors = new List<Violation>();
        var result = read(repoRoot, errors);
        return errors.Count > 0 ? throw PlatformException.BadInput(errors) : result;
    }

    public static string RelativePath(TableSchema table) => $"{ConfigTables.Folder}/{table.FileName}";

    private static List<(IReadOnlyList<string> Fields, long Row)> Scan(string repoRoot, TableSchema table, ICollection<Violation> errors)
    {
        var relative = RelativePath(table);
        var scan = SmallTable.Read(ConfigTables.PathOf(repoRoot, table), relative, table, errors);
        if (scan is null)
        {
            errors.Add(new Violation(relative, null, null, null, $"is missing; it must exist with the header {table.HeaderLine}"));
            return [];
        }
        return scan.Rows.Select((fields, i) => (fields, (long)scan.RowNumbers[i])).ToList();
    }


    // The schema rules already checked these fields, so the conversions below cannot fail.
    private static Credits Amount(string text) => Credits.TryParse(text, out var credits) ? credits : Credits.Zero;

    private static DateTimeOffset? Time(string text) => Timestamp.TryParse(text, out var instant) ? instant : null;

    private static CheckedText Id(string text) => new(text);

    private readonly record struct CheckedText(string Text)
    {
        public Id<TKind> As<TKind>()
            where TKind : IIdKind => Id<TKind>.Parse(Text, TKind.Kind.Name);
    }
}
