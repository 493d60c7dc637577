using Platform.Domain.Errors;
using Platform.State.Transactions;

namespace Platform.State.Tables;

/// <summary>
/// Streams one billing-state table to a callback for the read-only views. The header must be exact
/// and every row must have its columns; the rows a view keeps (<c>keep</c>) are checked against the
/// columns' rules before it sees them (a damaged row stops the view: exit 2 naming file, row, field
/// and value). Other rows are skipped unread, and nothing is hashed: the files' hashes were checked
/// when they were hydrated, and everything else is <c>verify</c>'s.
/// </summary>
public static class StateRows
{
    public delegate bool Filter(StreamedRow row);

    public delegate void Handler(StreamedRow row, int rowNumber);

    public static void Read(StateDirectory directory, TableSchema table, Handler handler, Filter? keep = null)
    {
        var log = new ViolationLog();
        var columns = table.Columns;
        using (var reader = CsvFormat.OpenReader(new FileStream(directory.PathOf(table.FileName), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 17, FileOptions.SequentialScan)))
        {
            var number = 0;
            foreach (var record in reader)
            {
                number++;
                var row = new StreamedRow(record);
                if (number == 1)
                {
                    var fields = new string[row.Count];
                    for (var i = 0; i < fields.Length; i++)
                    {
                        fields[i] = row[i].ToString();
                    }
                    var header = string.Join(',', fields);
                    if (header != table.HeaderLine)
                    {
                        throw PlatformException.BadInput(new Violation(table.FileName, 1, "header", header, $"must be exactly {table.HeaderLine}"));
                    }
                    continue;
                }
                if (row.Count != columns.Count)
                {
                    log.Add(new Violation(table.FileName, number, null, null, $"has {row.Count} fields, the header has {columns.Count}"));
                    continue;
                }
                if (keep is not null && !keep(row))
                {
                    continue;
                }
                var valid = true;
                for (var i = 0; i < columns.Count; i++)
                {
                    if (columns[i].Rule.Problem(row[i]) is { } problem)
                    {
                        log.Add(new Violation(table.FileName, number, columns[i].Name, row[i].ToString(), problem));
                        valid = false;
                    }
                }
                if (valid)
                {
                    handler(row, number);
                }
            }
            if (number == 0)
            {
                log.Add(new Violation(table.FileName, 1, null, null, $"is empty; the header must be {table.HeaderLine}"));
            }
        }
        log.ThrowIfAny();
    }
}
