namespace Platform.Repository.Yaml;

/// <summary>
/// One parsed YAML node with the (1-based) line it starts on, the only position errors report.
/// Our own small model rather than YamlDotNet's representation model: the bulk of a repository's
/// files are read by <see cref="SimpleYamlReader"/> without building YamlDotNet's heavier nodes.
/// <see cref="object.ToString"/> prints a node the way YamlDotNet does, for error messages.
/// </summary>
public abstract class YamlValue(long line)
{
    public long Line { get; } = line;
}
