using nietras.SeparatedValues;

namespace Platform.Files.Csv;

/// <summary>The fields of one CSV record, whether streamed from a file or built in memory.</summary>
public interface IRowView
{
    int Count { get; }

    ReadOnlySpan<char> this[int index] { get; }
}

/// <summary>A record streamed by the CSV reader; valid only until the reader moves on.</summary>
public readonly ref struct StreamedRow : IRowView
{
    private readonly SepReader.Row row;

    public StreamedRow(SepReader.Row row) => this.row = row;

    public int Count => row.ColCount;

    public ReadOnlySpan<char> this[int index] => row[index].Span;
}

/// <summary>A record held in memory, such as a row a command is about to append.</summary>
public readonly struct FieldsRow(IReadOnlyList<string> fields) : IRowView
{
    public int Count => fields.Count;

    public ReadOnlySpan<char> this[int index] => fields[index];
}
