using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Platform.Domain.Errors;
using Platform.Files.Csv;
using Platform.Files.Files;


namespace Platform.Files.Tables;

/// <summary>
/// Checks one state table row by row: exact header, column count, every field's rule and unique
/// keys, while hashing the file. Subclasses add what the ledger needs to remember of each row.
/// Rows are numbered as records, the header being row 1.
/// </summary>
public class TableScan(TableSchema schema, ViolationLog log)
{
    private readonly HashSet<string> keys = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<string>> rows = [];
    private readonly List<int> rowNumbers = [];
    private readonly List<int> rejectedRows = [];
    /// <summary>Below the large-object size: each scan's buffer is then a young object, not one more step towards a full collection.</summary>
    private const int ReadBlock = 64 << 10;

    private readonly FieldRule[] rules = schema.Columns.Select(c => c.Rule).ToArray();
    private RunningHash? hash;
    private string? scannedPath;

    public TableSchema Schema => schema;

    public ViolationLog Log => log;

    /// <summary>The rows of a current-row table (small by nature); append-only tables keep none.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows => rows;

    /// <summary>The record number of each of <see cref="Rows"/>, for messages about them.</summary>
    public IReadOnlyList<int> RowNumbers => rowNumbers;

    /// <summary>Sends further violations to another log (a change is checked on its own).</summary>
    public void RedirectLog(ViolationLog other) => log = other;

    /// <summary>Forgets the rows of a current-row table before its replacement is added.</summary>
    public virtual void ResetRows()
    {
        rows.Clear();
        rowNumbers.Clear();
        rejectedRows.Clear();
        keys.Clear();
        LastRow = 1;
    }

    /// <summary>True when a row with this key was seen (tables that keep their keys packed answer from those).</summary>
    public virtual bool HasKey(string key) => keys.Contains(key);

    /// <summary>The number of the last record seen (the header is 1).</summary>
    public int LastRow { get; private set; }

    /// <summary>The file's sha256 as read, before anything was appended.</summary>
    public string? FileSha256 { get; private set; }

    /// <summary>The hash of the file so far, ready to take appended bytes.</summary>
    public RunningHash? RunningHash => hash;

    /// <summary>The copy written while scanning, when <see cref="ScanFile"/> was asked for one and the platform offers it.</summary>
    public ScanCopy? Copy { get; private set; }

    /// <summary>Hands the copy over (to a commit, which names it); the scan forgets it.</summary>
    public ScanCopy? TakeCopy()
    {
        var copy = Copy;
        Copy = null;
        return copy;
    }

    /// <summary>
    /// Checks the file row by row while hashing it. With <paramref name="keepCopy"/> it also writes
    /// a <see cref="Copy"/> of the bytes, for a commit about to extend the file. Files the platform
    /// writes (<paramref name="strictDialect"/>) must also be free of a BOM and <c>\r\n</c> line ends,
    /// which the reader accepts in admin-edited files.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ScanFile(string path, bool keepCopy = false, bool strictDialect = false)
    {
        hash?.Dispose();
        hash = Files.RunningHash.Start();
        // The file is read unbuffered in blocks small enough to stay in the L2 cache while they are
        // hashed (and copied), large enough to keep calls few; the CSV reader asks for 1 KiB at a
        // time, which the buffer on top serves. Hashing and copying 1 KiB pieces cost hundreds of
        // thousands of calls (measured: a third of a commit's CPU).
        Copy?.Dispose();
        Copy = keepCopy ? ScanCopy.TryCreate(Path.GetDirectoryName(Path.GetFullPath(path))!) : null;
        var hashing = new HashingReadStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0), hash, Copy);
        Stream stream = new BufferedStream(hashing, ReadBlock);
        using (var reader = CsvFormat.OpenReader(stream))
        {
            var first = true;
            foreach (var row in reader)
            {
                if (first)
                {
                    first = false;
                    CheckHeader(new StreamedRow(row));
                    LastRow = 1;
                    continue;
                }
                LastRow++;
                var streamed = new StreamedRow(row);
                if (Accept(streamed, LastRow))
                {
                    OnStreamedRow(streamed, LastRow);
                }
            }
            if (first)
            {
                log.Add(new Violation(schema.FileName, 1, null, null, $"is empty; the header must be {schema.HeaderLine}"));
            }
        }
        if (strictDialect)
        {
            CheckEncoding(path, hashing.SawCarriageReturn);
        }
        FileSha256 = hash.CurrentHex();
        Copy?.Complete();
        scannedPath = path;
        OnFileScanned();
    }

    /// <summary>
    /// Takes the file as checked before (a trusted prefix): nothing of it is read; its hash resumes
    /// from <paramref name="hash"/> and rows added after it continue its numbering.
    /// </summary>
    public void Trust(string path, int lastRow, string sha256, RunningHash hash)
    {
        this.hash?.Dispose();
        this.hash = hash;
        LastRow = lastRow;
        FileSha256 = sha256;
        scannedPath = path;
    }

    /// <summary>
    /// Checks the rows a trusted prefix was extended by (bytes <paramref name="from"/> to the end),
    /// continuing its hash and row numbers: a writer reads what came after the facts, not the file.
    /// </summary>
    public void ScanExtension(string path, long from)
    {
        var hashing = hash ?? throw new InvalidOperationException("Only a trusted prefix is extended.");
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        file.Position = from;
        using (var reader = CsvFormat.OpenReader(new BufferedStream(new HashingReadStream(file, hashing), ReadBlock)))
        {
            foreach (var row in reader)
            {
                LastRow++;
                var streamed = new StreamedRow(row);
                if (Accept(streamed, LastRow))
                {
                    OnStreamedRow(streamed, LastRow);
                }
            }
        }
        FileSha256 = hashing.CurrentHex();
    }

    /// <summary>A BOM or <c>\r\n</c> line ends: the reader accepts them, the dialect of state files does not.</summary>
    private void CheckEncoding(string path, bool sawCarriageReturn)
    {
        if (CsvLineEnds.StartsWithBom(path))
        {
            log.Add(new Violation(schema.FileName, 1, null, null, "starts with a UTF-8 byte order mark (EF BB BF); state CSVs are UTF-8 without one"));
        }
        if (sawCarriageReturn && CsvLineEnds.FirstCrlfRow(path) is long row)
        {
            log.Add(new Violation(schema.FileName, row, null, null, "ends with \\r\\n (CRLF); every line of a state CSV ends with \\n alone"));
        }
    }

    /// <summary>Called once the whole file is read: tables that check keys by sorting do it here.</summary>
    protected virtual void OnFileScanned()
    {
    }

    /// <summary>
    /// Reads the scanned file again, handing every row that passed its rules to
    /// <see cref="OnReplayedRow"/>. It is the rare second pass that names the rows of a duplicate
    /// found by sorting; nothing is hashed or checked again.
    /// </summary>
    protected void Replay()
    {
        var path = scannedPath ?? throw new InvalidOperationException("No file was scanned.");
        using var reader = CsvFormat.OpenReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16));
        var rowNumber = 0;
        var rejected = 0;
        foreach (var row in reader)
        {
            rowNumber++;
            if (rowNumber == 1)
            {
                continue;
            }
            if (rejected < rejectedRows.Count && rejectedRows[rejected] == rowNumber)
            {
                rejected++;
                continue;
            }
            OnReplayedRow(new StreamedRow(row), rowNumber);
        }
    }

    /// <summary>One row of <see cref="Replay"/>.</summary>
    protected virtual void OnReplayedRow(StreamedRow row, int rowNumber)
    {
    }

    /// <summary>Adds rows that are not in the file yet (a change about to be written).</summary>
    public void AddPending(IEnumerable<IReadOnlyList<string>> rows)
    {
        foreach (var fields in rows)
        {
            LastRow++;
            var pending = new FieldsRow(fields);
            if (Accept(pending, LastRow))
            {
                OnRow(pending, LastRow);
            }
        }
    }

    private void CheckHeader<TRow>(TRow row)
        where TRow : IRowView, allows ref struct
    {
        var header = schema.Header;
        var same = row.Count == header.Count;
        for (var i = 0; same && i < header.Count; i++)
        {
            same = row[i].SequenceEqual(header[i]);
        }
        if (!same)
        {
            var found = new string[row.Count];
            for (var i = 0; i < row.Count; i++)
            {
                found[i] = row[i].ToString();
            }
            log.Add(new Violation(schema.FileName, 1, "header", string.Join(',', found), $"must be exactly {schema.HeaderLine}"));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    /// <summary>Checks a row against the header's column count, every column's rule and the key; true when it is accepted.</summary>
    private bool Accept<TRow>(TRow row, int rowNumber)
        where TRow : IRowView, allows ref struct
    {
        var columns = schema.Columns;
        if (row.Count != rules.Length)
        {
            log.Add(new Violation(schema.FileName, rowNumber, null, null, $"has {row.Count} fields, the header has {rules.Length}"));
            rejectedRows.Add(rowNumber);
            return false;
        }
        var valid = true;
        for (var i = 0; i < rules.Length; i++)
        {
            var problem = rules[i].Problem(row[i]);
            if (problem is not null)
            {
                valid = false;
                log.Add(new Violation(schema.FileName, rowNumber, columns[i].Name, row[i].ToString(), problem));
            }
        }
        if (!valid)
        {
            rejectedRows.Add(rowNumber);
            return false;
        }
        if (schema.KeyColumn is int key && !IsNewKey(row[key]))
        {
            log.Add(new Violation(schema.FileName, rowNumber, columns[key].Name, row[key].ToString(), "is duplicated"));
            rejectedRows.Add(rowNumber);
            return false;
        }
        if (!schema.AppendOnly)
        {
            var fields = new string[row.Count];
            for (var i = 0; i < fields.Length; i++)
            {
                fields[i] = row[i].ToString();
            }
            rows.Add(fields);
            rowNumbers.Add(rowNumber);
        }
        return true;
    }

    /// <summary>
    /// Remembers a key; false when it was seen before. Large tables keep keys packed and may accept
    /// every key of the file here, then find duplicates at once in <see cref="OnFileScanned"/>.
    /// </summary>
    protected virtual bool IsNewKey(ReadOnlySpan<char> key) => keys.Add(key.ToString());

    /// <summary>Called for each row whose fields all passed their rules and whose key is new.</summary>
    protected virtual void OnRow<TRow>(TRow row, int rowNumber)
        where TRow : IRowView, allows ref struct
    {
    }

    /// <summary>
    /// <see cref="OnRow"/> for a row streamed from the file. Large tables override this too: a
    /// plain virtual call per row is cheaper than a generic virtual one (a runtime lookup each time).
    /// </summary>
    protected virtual void OnStreamedRow(StreamedRow row, int rowNumber) => OnRow(row, rowNumber);
}
