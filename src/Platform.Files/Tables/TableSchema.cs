namespace Platform.Files.Tables;

public sealed record Column(string Name, FieldRule Rule);

/// <summary>
/// One state table: its file name, exact header and column rules. <see cref="KeyColumn"/> names the
/// column whose values must be unique (none for logs keyed by several columns).
/// </summary>
public sealed record TableSchema(string FileName, IReadOnlyList<Column> Columns, int? KeyColumn, bool AppendOnly)
{
    public IReadOnlyList<string> Header { get; } = Columns.Select(c => c.Name).ToArray();

    /// <summary>
    /// Column positions by name, built once per schema instance: row types look them up for every row.
    /// Kept outside the record, so they never take part in its equality or hash code.
    /// </summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<TableSchema, Dictionary<string, int>> Positions = [];

    public int IndexOf(string column) =>
        Positions.GetValue(this, t => t.Columns.Select((c, i) => (c.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal))
            .TryGetValue(column, out var index) ? index : throw new ArgumentException($"{FileName} has no column {column}.", nameof(column));

    public string HeaderLine => string.Join(',', Header);

    /// <summary>A row in this table's column order from values named by their column; every column exactly once.</summary>
    public string[] RowOf(params ReadOnlySpan<(string Column, string Value)> values)
    {
        if (values.Length != Columns.Count)
        {
            throw new ArgumentException($"{FileName} has {Columns.Count} columns; {values.Length} values were given.", nameof(values));
        }
        var fields = new string[Columns.Count];
        foreach (var (column, value) in values)
        {
            var index = IndexOf(column);
            fields[index] = fields[index] is null ? value : throw new ArgumentException($"{FileName}: column {column} given twice.", nameof(values));
        }
        return fields;
    }
}
