namespace Platform.Files.Tables;

/// <summary>A checked row of a small table, read by column name: the schema alone knows the positions.</summary>
/// <param name="Row">The row's number in its file (the header is row 1).</param>
public readonly record struct RowView(TableSchema Table, IReadOnlyList<string> Fields, long Row)
{
    public string this[string column] => Fields[Table.IndexOf(column)];
}
