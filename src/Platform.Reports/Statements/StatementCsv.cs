using System.Globalization;

namespace Platform.Reports.Statements;

/// <summary>
/// A statement as CSV in the platform's dialect, for spreadsheets: an opening row, one row per item
/// (with its transaction), a row per kind total, and a closing row.
/// </summary>
public static class StatementCsv
{
    public static readonly IReadOnlyList<string> Header =
        ["line", "tenant_id", "created_at", "transaction_id", "type", "work_order_id", "kind", "module_id", "feature", "description", "amount_credits", "balance_credits"];

    public static string Render(Statement statement)
    {
        var rows = new List<IReadOnlyList<string>>
        {
            Row("opening", statement, "", "", "", "", "", "", "", StatementText.PeriodText(statement.Period), "", statement.Opening),
        };
        foreach (var line in statement.Lines)
        {
            foreach (var item in line.Items)
            {
                rows.Add(Row("item", statement, line.CreatedAt, line.TransactionId, line.Type, line.WorkOrderId, item.Kind.Text(), item.ModuleId,
                    item.Feature, item.Description, Number(item.Amount), line.BalanceAfter));
            }
        }
        foreach (var total in statement.Totals)
        {
            rows.Add(Row("total", statement, "", "", "", "", total.Kind.Text(), "", "", $"{total.Items} items", Number(total.Amount), null));
        }
        rows.Add(Row("closing", statement, "", "", "", "", "", "", "", "", Number(statement.Net), statement.Closing));
        var text = new StringWriter();
        CsvFormat.Write(text, Header, rows, writeHeader: true);
        return text.ToString();
    }

    private static string[] Row(string line, Statement statement, string created, string transaction, string type, string workOrder, string kind,
        string module, string feature, string description, string amount, long? balance) =>
        [line, statement.TenantId, created, transaction, type, workOrder, kind, module, feature, description, amount, balance is long b ? Number(b) : ""];

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
