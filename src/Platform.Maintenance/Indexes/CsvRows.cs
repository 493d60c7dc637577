using Platform.Repository.MaintenanceState;
namespace Platform.Maintenance.Indexes;

/// <summary>Renders a generated table: exact header, rows sorted by their fields in ordinal order, platform CSV dialect.</summary>
public static class CsvRows
{
    public static GeneratedFile Sorted(TableSchema table, IEnumerable<string[]> rows, bool tracksWorkOrders = false)
    {
        var ordered = rows.ToList();
        ordered.Sort(CompareRows);
        return new GeneratedFile(MaintenanceTables.RelativePath(table), CsvFormat.Encode(table.Header, ordered, writeHeader: true), tracksWorkOrders);
    }

    /// <summary>Keeps the caller's order (already sorted by a key the fields alone do not show).</summary>
    public static GeneratedFile InOrder(TableSchema table, IEnumerable<string[]> rows, bool tracksWorkOrders = false) =>
        new(MaintenanceTables.RelativePath(table), CsvFormat.Encode(table.Header, rows.ToList(), writeHeader: true), tracksWorkOrders);

    public static int CompareRows(string[] a, string[] b)
    {
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            var c = string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }
        return a.Length.CompareTo(b.Length);
    }
}
