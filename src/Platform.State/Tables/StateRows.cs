using Platform.Domain.Errors;
using Platform.State.Transactions;

namespace Platform.State.Tables;

/// <summary>
/// Streams one billing-state table to a callback, every row checked against the table's rules on the
/// way (a damaged row stops the view: exit 2 naming file, row, field and value). Nothing is held;
/// uniqueness and the ledger's cross-table rules are <c>verify</c>'s.
/// </summary>
public sealed class StateRows : TableScan
{
    public delegate void Handler(StreamedRow row, int rowNumber);

    private readonly Handler handler;

    private StateRows(TableSchema schema, ViolationLog log, Handler handler)
        : base(schema, log) => this.handler = handler;

    /// <summary>Reads <paramref name="table"/> from the folder, row by row, into <paramref name="handler"/>.</summary>
    public static void Read(StateDirectory directory, TableSchema table, Handler handler)
    {
        var log = new ViolationLog();
        new StateRows(table, log, handler).ScanFile(directory.PathOf(table.FileName));
        log.ThrowIfAny();
    }

    protected override bool IsNewKey(ReadOnlySpan<char> key) => true;

    protected override void OnStreamedRow(StreamedRow row, int rowNumber) => handler(row, rowNumber);
}
