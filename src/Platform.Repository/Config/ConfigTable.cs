using Platform.Domain.Errors;

namespace Platform.Repository.Config;

/// <summary>One admin-managed config CSV read whole and checked against its schema.</summary>
public sealed record ConfigTable(TableSchema Schema, string DisplayPath, IReadOnlyList<IReadOnlyList<string>> Rows, IReadOnlyList<int> RowNumbers)
{
    /// <summary>Reads a config CSV; a missing file, a wrong header or a bad field is a bad-input error listing every problem.</summary>
    public static ConfigTable Read(string repoRoot, TableSchema schema)
    {
        var display = $"{ConfigTables.Folder}/{schema.FileName}";
        var path = ConfigTables.PathOf(repoRoot, schema);
        if (!File.Exists(path))
        {
            throw PlatformException.BadInput(new Violation(display, null, null, null, "is missing"));
        }
        var log = new ViolationLog();
        var scan = new TableScan(schema with { FileName = display }, log);
        scan.ScanFile(path);
        log.ThrowIfAny();
        return new ConfigTable(schema, display, scan.Rows, scan.RowNumbers);
    }

    public IEnumerable<(int Row, IReadOnlyList<string> Fields)> Numbered() => Rows.Select((fields, i) => (RowNumbers[i], fields));
}
