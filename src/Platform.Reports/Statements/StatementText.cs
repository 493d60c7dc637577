using System.Globalization;
using System.Text;

namespace Platform.Reports.Statements;

/// <summary>A statement as plain text for a terminal or an e-mail: one line per transaction, its items indented below.</summary>
public static class StatementText
{
    public static string Render(Statement statement)
    {
        var text = new StringBuilder();
        text.AppendLine($"Statement for tenant {statement.TenantId}");
        text.AppendLine($"Period: {PeriodText(statement.Period)}");
        text.AppendLine($"Billing state generation {statement.Generation}, made {statement.GeneratedAt}");
        text.AppendLine();
        text.AppendLine(Row("Opening balance", "", statement.Opening.ToString(CultureInfo.InvariantCulture)));
        foreach (var line in statement.Lines)
        {
            var head = $"{line.CreatedAt}  {line.Type,-6}  {line.TransactionId}" + (line.WorkOrderId.Length > 0 ? $"  work order {line.WorkOrderId}" : "");
            text.AppendLine(Row(head, Signed(line.Amount), line.BalanceAfter.ToString(CultureInfo.InvariantCulture)));
            foreach (var item in line.Items)
            {
                text.AppendLine(Row($"    {item.Kind.Text()}: {item.Description}", Signed(item.Amount), ""));
            }
        }
        text.AppendLine(Row("Closing balance", "", statement.Closing.ToString(CultureInfo.InvariantCulture)));
        text.AppendLine();
        text.AppendLine("Totals by kind");
        foreach (var total in statement.Totals)
        {
            text.AppendLine(Row($"  {total.Kind.Text()} ({total.Items} {(total.Items == 1 ? "item" : "items")})", Signed(total.Amount), ""));
        }
        text.AppendLine(Row("  net change", Signed(statement.Net), ""));
        return text.ToString();
    }

    /// <summary>"from … to …", each side open when not given.</summary>
    public static string PeriodText(StatementPeriod period) =>
        $"{period.From ?? "the first transaction"} to {period.To ?? "the last transaction"}";

    public static string Signed(long amount) => amount.ToString("+#;-#;0", CultureInfo.InvariantCulture);

    private static string Row(string label, string amount, string balance) => $"{label,-72} {amount,12} {balance,14}".TrimEnd();
}
