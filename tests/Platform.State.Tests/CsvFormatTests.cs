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
}
