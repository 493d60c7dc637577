using Platform.Domain.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Platform.Repository.Yaml;

/// <summary>
/// Turns the bytes of one YAML file into its root mapping, or reports why it cannot: invalid UTF-8,
/// a syntax error (with its line), an empty document or a root that is not a mapping.
/// Simple files (nearly all of them) are read by <see cref="SimpleYamlReader"/>; the rest by YamlDotNet's
/// representation model, which keeps every node's line, so each later error can point at the exact
/// line of the offending field.
/// </summary>
public static class YamlText
{
    public static YamlMap? ParseMapping(byte[] bytes, string file, ICollection<Violation> errors)
    {
        string text;
        try
        {
            text = Platform.Files.Csv.CsvFormat.Utf8.GetString(bytes);
        }
        catch (System.Text.DecoderFallbackException)
        {
            errors.Add(new Violation(file, null, null, null, "is not valid UTF-8"));
            return null;
        }
        return SimpleYamlReader.TryRead(text) ?? ParseGeneral(text, file, errors);
    }

    /// <summary>Any YAML, through YamlDotNet (also what the simple reader is tested against).</summary>
    public static YamlMap? ParseGeneral(string text, string file, ICollection<Violation> errors)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            errors.Add(new Violation(file, ex.Start.Line, null, null, $"does not parse as YAML: {FirstLine(ex)}"));
            return null;
        }
        catch (ArgumentException ex)
        {
            // The representation model rejects a key given twice in one mapping this way.
            errors.Add(new Violation(file, null, null, null, $"does not parse as YAML: {ex.Message}"));
            return null;
        }
        if (stream.Documents.Count == 0)
        {
            errors.Add(new Violation(file, 1, null, null, "is empty; a YAML mapping is expected"));
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            errors.Add(new Violation(file, stream.Documents[1].RootNode.Start.Line, null, null, "holds more than one YAML document"));
            return null;
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            errors.Add(new Violation(file, stream.Documents[0].RootNode.Start.Line, null, null, "must hold a YAML mapping at its top level"));
            return null;
        }
        return YamlNodeCopy.Of(root);
    }

    private static string FirstLine(YamlException ex)
    {
        var message = ex.InnerException?.Message ?? ex.Message;
        var cut = message.IndexOf('\n', StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
