using nietras.SeparatedValues;

namespace Platform.Files.Csv;

/// <summary>Writes rows one at a time in the platform's CSV dialect, for tables too large to build in memory.</summary>
public sealed class CsvRowWriter : IDisposable
{
    private readonly SepWriter writer;
    private readonly string[] names;
    private bool wroteAny;

    public CsvRowWriter(TextWriter output, IReadOnlyList<string> header, bool writeHeader)
    {
        names = [.. header];
        writer = global::nietras.SeparatedValues.Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = writeHeader }).To(output, leaveOpen: true);
        WriteHeader = writeHeader;
    }

    private bool WriteHeader { get; }

    public void Row(IReadOnlyList<string> fields)
    {
        if (fields.Count != names.Length)
        {
            throw new ArgumentException($"A row has {fields.Count} fields, the header {names.Length}.", nameof(fields));
        }
        using var row = writer.NewRow();
        for (var i = 0; i < names.Length; i++)
        {
            row[names[i]].Set(fields[i]);
        }
        wroteAny = true;
    }

    public void Dispose()
    {
        if (WriteHeader && !wroteAny)
        {
            writer.Header.Add(names);
            writer.Header.Write();
        }
        writer.Dispose();
    }
}
