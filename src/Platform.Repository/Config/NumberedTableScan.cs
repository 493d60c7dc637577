using Platform.Files.Csv;

namespace Platform.Repository.Config;

/// <summary>A table scan that also remembers each kept row's record number, so typed rows can point back at the file.</summary>
public sealed class NumberedTableScan(TableSchema schema, ViolationLog log) : TableScan(schema, log)
{
    private readonly List<long> numbers = [];

    public IReadOnlyList<long> RowNumbers => numbers;

    protected override void OnRow<TRow>(TRow row, int rowNumber) => numbers.Add(rowNumber);
}
