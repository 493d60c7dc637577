using Platform.Files.Tables;

namespace Platform.EndToEnd.Tests.Support;

/// <summary>A billing-state table's rows from a state folder, read by column name (<c>r["type"]</c>).</summary>
public static class StateRows
{
    public static IReadOnlyList<RowView> Read(string stateDir, string table)
    {
        var schema = Platform.State.Tables.BillingTables.All.Single(t => t.FileName == table);
        return Platform.Files.Csv.CsvFormat.ReadAll(File.ReadAllText(Path.Combine(stateDir, table))).Skip(1)
            .Select((fields, i) => new RowView(schema, fields, i + 2)).ToList();
    }
}
