using Platform.Domain.Errors;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>
/// Scans a large keyed table whose IDs are kept packed (<c>transaction_items.csv</c>,
/// <c>module_runs_log.csv</c>): checked for duplicates by sorting once the file is read (the file is
/// read again only to name the rows of a duplicate), and taken from the facts of a trusted prefix
/// instead of being read (issue 12).
/// </summary>
public class PackedIdScan(TableSchema schema, ViolationLog log, int expectedRows = 0) : TableScan(schema, log)
{
    private readonly int idColumn = schema.KeyColumn ?? throw new ArgumentException($"{schema.FileName} has no key column.", nameof(schema));

    private HashSet<ulong>? seenDuplicates;

    public PackedIdSet Ids { get; private set; } = new(expectedRows);

    /// <summary>Takes the IDs of a trusted prefix from its facts instead of reading the table.</summary>
    public void Trust(PackedIdSet ids) => Ids = ids;

    public override bool HasKey(string key) => LedgerText.TryPackId(key, out var id) && Ids.SealAndContains(id);

    protected override bool IsNewKey(ReadOnlySpan<char> key) =>
        !Ids.IsSealed || (LedgerText.TryPackId(key, out var id) && Ids.TryAdd(id));

    protected override void OnRow<TRow>(TRow row, int rowNumber) => RecordId(row[idColumn]);

    protected override void OnStreamedRow(StreamedRow row, int rowNumber) => RecordId(row[idColumn]);

    /// <summary>Remembers the ID of a row read from the file (rows added later went through <see cref="IsNewKey"/>).</summary>
    protected void RecordId(ReadOnlySpan<char> key)
    {
        if (!Ids.IsSealed)
        {
            LedgerText.TryPackId(key, out var id);
            Ids.Append(id);
        }
    }

    protected override void OnFileScanned()
    {
        if (Ids.Seal().Count > 0)
        {
            BeforeReplay();
            seenDuplicates = [];
            Replay();
            seenDuplicates = null;
        }
    }

    /// <summary>Forgets what the first pass summed, before the second pass sums it without the repeated rows.</summary>
    protected virtual void BeforeReplay()
    {
    }

    /// <summary>The second pass: the first row of a repeated ID counts, later ones are reported and left out.</summary>
    protected sealed override void OnReplayedRow(StreamedRow row, int rowNumber)
    {
        LedgerText.TryPackId(row[idColumn], out var id);
        if (Ids.Duplicates.Contains(id) && !seenDuplicates!.Add(id))
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, Schema.Columns[idColumn].Name, row[idColumn].ToString(), "is duplicated"));
            return;
        }
        OnCountedRow(row, rowNumber);
    }

    /// <summary>A row of the second pass that counts.</summary>
    protected virtual void OnCountedRow(StreamedRow row, int rowNumber)
    {
    }
}
