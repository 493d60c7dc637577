using Platform.Files.Csv;

namespace Platform.State.Tests;

public class CsvFormatTests
{
    private static readonly string[] Header = ["a", "b", "c"];

    [Fact]
    public void Awkward_text_survives_the_round_trip()
    {
        string[] awkward = ["comma, inside", "quote \" inside and \"\"two\"\"", "line\nbreak and\r\ncrlf"];
        var bytes = CsvFormat.Encode(Header, [awkward, ["", " spaced ", "plain"]], writeHeader: true);
        var rows = CsvFormat.ReadAll(CsvFormat.Utf8.GetString(bytes));
        Assert.Equal(Header, rows[0]);
        Assert.Equal(awkward, rows[1]);
        Assert.Equal(["", " spaced ", "plain"], rows[2]);
    }

    [Fact]
    public void Writes_like_the_python_csv_module_with_newline_line_ends()
    {
        var bytes = CsvFormat.Encode(Header, [["x,y", "say \"hi\"", "two\nlines"], ["", "1", "z"]], writeHeader: true);
        Assert.Equal("a,b,c\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\n,1,z\n", CsvFormat.Utf8.GetString(bytes));
        Assert.NotEqual(0xEF, bytes[0]);
    }

    [Fact]
    public void Reads_crlf_line_ends()
    {
        var rows = CsvFormat.ReadAll("a,b,c\r\n1,2,3\r\n").Select(r => r[2]).ToList();
        Assert.Equal(["c", "3"], rows);
    }

    [Fact]
    public void The_python_fixture_is_reproduced_byte_for_byte()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-state", "transactions.csv");
        var original = File.ReadAllBytes(path);
        var rows = CsvFormat.ReadAll(CsvFormat.Utf8.GetString(original));
        var rewritten = CsvFormat.Encode(rows[0], rows.Skip(1), writeHeader: true);
        Assert.Equal(original, rewritten);
    }

    [Fact]
    public void ReadEach_streams_a_log_of_any_length_in_constant_memory()
    {
        // A log that never ends: reading it whole would never return.
        using var endless = new EndlessLog("work_order_id,tenant_id\n", "W1,\"T, 1\"\n");

        var first = CsvFormat.ReadEach(endless).Take(3).ToList();

        Assert.Equal([["work_order_id", "tenant_id"], ["W1", "T, 1"], ["W1", "T, 1"]], first);
    }

    [Fact]
    public void ReadEach_reads_what_ReadAll_reads()
    {
        string[] awkward = ["comma, inside", "quote \" inside", "line\nbreak"];
        var text = CsvFormat.Utf8.GetString(CsvFormat.Encode(Header, [awkward, ["", "x", "y"]], writeHeader: true));

        Assert.Equal(CsvFormat.ReadAll(text), CsvFormat.ReadEach(new StringReader(text)).ToList());
    }

    /// <summary>A header, then the same row for ever.</summary>
    private sealed class EndlessLog(string header, string row) : TextReader
    {
        private long position;

        public override int Read(Span<char> buffer)
        {
            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = position < header.Length ? header[(int)position] : row[(int)((position - header.Length) % row.Length)];
                position++;
            }
            return buffer.Length;
        }

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));
    }
}
