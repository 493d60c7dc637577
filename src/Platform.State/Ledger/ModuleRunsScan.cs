using Platform.Domain.Errors;
using Platform.State.Tables;

namespace Platform.State.Ledger;

/// <summary>
/// Scans <c>module_runs_log.csv</c>: its module run IDs are kept packed like the ledger's IDs,
/// checked for duplicates by sorting once the file is read (the file is read again only to name
/// the rows of a duplicate), and taken from the facts of a trusted prefix instead of being read.
/// </summary>
public sealed class ModuleRunsScan(ViolationLog log, int expectedRows = 0)
    : TableScan(BillingTables.ModuleRunsLog, log)
{
    private static readonly int IdColumn = BillingTables.ModuleRunsLog.IndexOf("module_run_id");

    private HashSet<ulong>? seenDuplicates;

    public PackedIdSet Ids { get; private set; } = new(expectedRows);

    /// <summary>Takes the run IDs of a trusted prefix from its facts instead of reading the log (issue 12).</summary>
    public void Trust(PackedIdSet ids) => Ids = ids;

    public override bool HasKey(string key) => LedgerText.TryPackId(key, out var id) && Ids.SealAndContains(id);

    protected override bool IsNewKey(ReadOnlySpan<char> key) =>
        !Ids.IsSealed || (LedgerText.TryPackId(key, out var id) && Ids.TryAdd(id));

    protected override void OnRow<TRow>(TRow row, int rowNumber) => Record(row[IdColumn]);

    protected override void OnStreamedRow(StreamedRow row, int rowNumber) => Record(row[IdColumn]);

    private void Record(ReadOnlySpan<char> runId)
    {
        if (!Ids.IsSealed)
        {
            LedgerText.TryPackId(runId, out var id);
            Ids.Append(id);
        }
    }

    protected override void OnFileScanned()
    {
        if (Ids.Seal().Count > 0)
        {
            seenDuplicates = [];
            Replay();
            seenDuplicates = null;
        }
    }

    /// <summary>The second pass: the first row of a repeated ID counts, later ones are reported.</summary>
    protected override void OnReplayedRow(StreamedRow row, int rowNumber)
    {
        LedgerText.TryPackId(row[IdColumn], out var id);
        if (Ids.Duplicates.Contains(id) && !seenDuplicates!.Add(id))
        {
            Log.Add(new Violation(Schema.FileName, rowNumber, "module_run_id", row[IdColumn].ToString(), "is duplicated"));
        }
    }
}
