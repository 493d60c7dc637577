using YamlDotNet.Core;

namespace Platform.Repository.Yaml;

/// <summary>A scalar as written (no type resolution) and its style: only plain scalars resolve to null, bool or numbers.</summary>
public sealed class YamlScalar(string text, ScalarStyle style, long line) : YamlValue(line)
{
    public string Text { get; } = text;

    public ScalarStyle Style { get; } = style;

    public bool IsPlain => Style is ScalarStyle.Plain or ScalarStyle.Any;

    /// <summary>An absent value written as nothing, <c>~</c> or <c>null</c>.</summary>
    public bool IsEmpty => Style == ScalarStyle.Plain && Text is "" or "~" or "null";

    public override string ToString() => Text;
}
