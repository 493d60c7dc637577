using Platform.Domain.Errors;
using Platform.State.Tables;

namespace Platform.State.Stores;

/// <summary>The headers-only assets in <c>releases/billing-state-v1/</c> that start a new billing state.</summary>
public sealed class BootstrapTemplates(string folder)
{
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>The template of one asset; a template must hold exactly the v1 header.</summary>
    public byte[] Read(TableSchema table)
    {
        var path = Path.Combine(Folder, table.FileName);
        if (!File.Exists(path))
        {
            throw PlatformException.BadInput(new Violation(path, null, null, null, "template is missing: cannot bootstrap the billing state"));
        }
        var bytes = File.ReadAllBytes(path);
        var text = CsvFormat.Utf8.GetString(bytes).TrimEnd('\n', '\r');
        if (text != table.HeaderLine)
        {
            throw PlatformException.BadInput(new Violation(path, 1, "header", text, $"template must hold exactly the header {table.HeaderLine}"));
        }
        return bytes;
    }
}
