using YamlDotNet.RepresentationModel;

namespace Platform.Repository.Yaml;

/// <summary>
/// Copies a YamlDotNet node tree (the general path, for files <see cref="SimpleYamlReader"/> declines)
/// into <see cref="YamlValue"/>s. A node reached twice through an alias is copied once and shared,
/// so an alias bomb stays small here and is bounded where it is expanded (<see cref="PlainValue"/>).
/// </summary>
public static class YamlNodeCopy
{
    public static YamlMap Of(YamlMappingNode root) => (YamlMap)Copy(root, new Dictionary<YamlNode, YamlValue>(ReferenceEqualityComparer.Instance));

    private static YamlValue Copy(YamlNode node, Dictionary<YamlNode, YamlValue> copied)
    {
        if (copied.TryGetValue(node, out var done))
        {
            return done;
        }
        // Collections are registered before their children are copied: an alias may point back at its parent.
        switch (node)
        {
            case YamlSequenceNode sequence:
                var items = new YamlValue[sequence.Children.Count];
                var list = new YamlList(items, node.Start.Line);
                copied[node] = list;
                for (var i = 0; i < items.Length; i++)
                {
                    items[i] = Copy(sequence.Children[i], copied);
                }
                return list;
            case YamlMappingNode mapping:
                var entries = new KeyValuePair<YamlValue, YamlValue>[mapping.Children.Count];
                var map = new YamlMap(entries, node.Start.Line);
                copied[node] = map;
                var k = 0;
                foreach (var (key, value) in mapping.Children)
                {
                    entries[k++] = KeyValuePair.Create(Copy(key, copied), Copy(value, copied));
                }
                return map;
            case YamlScalarNode scalar:
                return copied[node] = new YamlScalar(scalar.Value ?? "", scalar.Style, node.Start.Line);
            default:
                return copied[node] = new YamlScalar(node.ToString(), YamlDotNet.Core.ScalarStyle.Plain, node.Start.Line);
        }
    }
}
