using Platform.Domain.Errors;
using Platform.Reports.Reasons;
using Platform.Reports.Statements;
using Platform.State.Tables;

namespace Platform.Reports.Tests;

public class StatementArithmeticTests
{
    private static readonly string[] Tenants = ["Ten001", "Ten002", "Ten003"];
    private static readonly DateTimeOffset Now = new(2026, 7, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ReasonCatalog NoReasons = ReasonCatalog.Read(Path.GetTempPath());

    public static TheoryData<int, string?, string?> Periods => new()
    {
        { 1, null, null },
        { 2, "2026-01-05", null },
        { 3, null, "2026-01-20" },
        { 4, "2026-01-10", "2026-01-12" },
        { 5, "2026-01-08T07:00:00Z", "2026-01-15T13:00:00Z" },
        { 6, "2027-01-01", null },
    };

    [Theory]
    [MemberData(nameof(Periods))]
    public void Statement_balances_and_totals_equal_an_independent_sum_of_the_generated_ledger(int seed, string? from, string? to)
    {
        using var ledger = new GeneratedLedger(seed, 400, Tenants);
        var period = StatementPeriod.Parse(from, to);
        foreach (var tenant in Tenants)
        {
            var statement = StatementBuilder.Build(ledger.Directory, NoReasons, TenantId.Parse(tenant, "tenant"), period, Now);

            var mine = ledger.Transactions.Where(t => t.Tenant == tenant).ToList();
            var start = from is null ? DateTimeOffset.MinValue : Parse(from);
            var end = to is null ? DateTimeOffset.MaxValue : to.Length == 10 ? Parse(to).AddDays(1) : Parse(to).AddSeconds(1);
            var inPeriod = mine.Where(t => Parse(t.CreatedAt) >= start && Parse(t.CreatedAt) < end).ToList();
            var opening = mine.Where(t => Parse(t.CreatedAt) < start).Sum(t => t.Amount);

            Assert.Equal(opening, statement.Opening);
            Assert.Equal(opening + inPeriod.Sum(t => t.Amount), statement.Closing);
            Assert.Equal(inPeriod.Select(t => t.Id), statement.Lines.Select(l => l.TransactionId));
            Assert.Equal(inPeriod.Select(t => t.Amount), statement.Lines.Select(l => l.Amount));
            Assert.Equal(statement.Closing, statement.Lines.Count == 0 ? statement.Opening : statement.Lines[^1].BalanceAfter);
            foreach (var kind in Enum.GetValues<LineKind>())
            {
                var items = inPeriod.SelectMany(t => t.Items).Where(i => i.Kind == kind.Text()).ToList();
                var total = statement.Totals.Single(t => t.Kind == kind);
                Assert.Equal(items.Count, total.Items);
                Assert.Equal(items.Sum(i => i.Amount), total.Amount);
            }
        }
    }

    [Fact]
    public void A_transaction_that_differs_from_its_items_is_refused_naming_its_row()
    {
        using var ledger = new GeneratedLedger(7, 50, Tenants);
        var first = ledger.Transactions[0];
        ledger.Edit(BillingTables.TransactionItems, text => text.Replace($",{first.Id},{first.Tenant},", $",{first.Id},{first.Tenant},", StringComparison.Ordinal)
            .Replace($",{first.Items[0].Amount},{first.CreatedAt},", $",{first.Items[0].Amount + 1},{first.CreatedAt},", StringComparison.Ordinal));
        var error = Assert.Throws<PlatformException>(() =>
            StatementBuilder.Build(ledger.Directory, NoReasons, TenantId.Parse(first.Tenant, "tenant"), StatementPeriod.All, Now));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        var violation = Assert.Single(error.Violations);
        Assert.Equal("transactions.csv", violation.File);
        Assert.Equal(2, violation.Row);
        Assert.Contains($"sum of transaction {first.Id}'s", violation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recorded_balance_that_differs_from_the_ledger_is_refused()
    {
        using var ledger = new GeneratedLedger(8, 60, Tenants);
        ledger.Edit(BillingTables.TenantsCredits, text => text.Replace("Ten002,", "Ten002,1", StringComparison.Ordinal));
        var error = Assert.Throws<PlatformException>(() =>
            StatementBuilder.Build(ledger.Directory, NoReasons, TenantId.Parse("Ten002", "tenant"), StatementPeriod.Parse("2026-01-03", "2026-01-04"), Now));
        var violation = Assert.Single(error.Violations);
        Assert.Equal("tenants_credits.csv", violation.File);
        Assert.Equal("credits_available", violation.Field);
    }

    [Fact]
    public void A_period_ending_before_it_starts_is_bad_input()
    {
        var error = Assert.Throws<PlatformException>(() => StatementPeriod.Parse("2026-02-01", "2026-01-31"));
        Assert.Equal("--to", Assert.Single(error.Violations).Field);
    }

    private static DateTimeOffset Parse(string text) =>
        Domain.Time.Timestamp.TryParseDateOrTime(text, out var instant) ? instant : throw new FormatException(text);
}
