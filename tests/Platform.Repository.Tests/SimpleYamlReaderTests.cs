using Platform.Domain.Errors;
using Platform.Repository.Yaml;

namespace Platform.Repository.Tests;

/// <summary>
/// The simple reader must agree with YamlDotNet on everything it accepts (values, styles, lines, how
/// nodes print) and decline everything YamlDotNet rejects, so which reader ran is never visible.
/// </summary>
public sealed class SimpleYamlReaderTests
{
    private static readonly string[] Accepted =
    [
        "work_order_id: Zg7PleqC\nenabled: true\nmode: PARTIAL_ALLOWED\nmetadata: {title: Generated order 1, created_at: '2026-01-01T00:00:00Z', notes: benchmark}\nmodules:\n  - module_id: U2T\n    inputs: {topic: Topic 1, language: en}\n    reuse_output_type: cache\n  - module_id: ZQ5\n    inputs: {topic: Topic 1}\n    purchase_release_artifacts: true\n",
        "tenant_id: Bx9Lm4\ntenant_name: Tenant 0\nstatus: ACTIVE\nallow_release_consumers: [Ac7Kq2]\nbilling: {plan: standard}\n",
        "# comment\n\nmodule_id: mrB # trailing\nname: x\ndepends_on: []\ninputs:\n  - {name: topic, required: true, format: text/plain}\nrun: {command: [sh, run.sh], timeout_seconds: 60}\n",
        "a:\n  b:\n    c: 1\n  d: -2\ne: 'it''s'\nf: \"plain quoted\"\ng:\nh: ~\n",
        "list:\n  - a\n  - 'b'\n  - [1, 2.5, {k: v}]\n  - {}\n  - []\nnext: http://example.com/x?y=1\n",
        "a: b, c [d] {e}\nurl: x:y\nk-1.x_y: v # c\n",
        "a:\n\n  # inside\n  b: 1\n\nc: 2\n",
        "seq:\n  - x: 1\n    y:\n      - 2\n      - 3\n  - z: 4\nend: true\n",
        "a:   spaced   \nb: 'q' # c\n",
        "a: [ x , y ]\nb: { k: v , w: [ ] }\n",
        "last:",
        "a: 1\nb:\n",
    ];

    private static readonly string[] Declined =
    [
        "",
        "# only a comment\n",
        "a: &x [1]\nb: *x\n",
        "a: !!str 5\n",
        "a: |\n  text\n",
        "a: >\n  text\n",
        "a: b\n  continued\n",
        "a: \"esc\\n\"\n",
        "a: 1\na: 2\n",
        "---\na: 1\n",
        "a: 1\n---\nb: 2\n",
        "a:\n- x\n",
        "? complex\n: v\n",
        "'quoted key': v\n",
        "a: [unclosed\n",
        "a: {k: v\n  , w: x}\n",
        "a:\tb\n",
        "a: 1\r\nb: 2\r\n",
        "- a\n- b\n",
        "plain\n",
        "a: b: c\n",
        "a:\n  b: 1\n c: 2\n",
        "a: [a, , b]\n",
        "a: [a, b, ]\n",
        "a: {k: }\n",
        "a: @x\n",
        "a: 'x'y\n",
        "\uFEFFa: 1\n",
        "a: x\u0085y\n",
        "a: x\u2028y\n",
        "a: x\u0001y\n",
    ];

    [Fact]
    public void Simple_files_are_read_without_YamlDotNet_and_agree_with_it()
    {
        foreach (var text in Accepted)
        {
            var simple = SimpleYamlReader.TryRead(text);
            Assert.True(simple is not null, $"declined: {text}");
            AssertSameAsYamlDotNet(text, simple!);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Nesting_deeper_than_the_value_limit_is_left_to_YamlDotNet(bool flow)
    {
        // Collections nested n deep, the root mapping counted: block mappings, or one flow value.
        static string Nested(int n, bool flow) => flow
            ? "a: " + string.Concat(Enumerable.Repeat("{a: ", n - 1)) + "1" + new string('}', n - 1) + "\n"
            : string.Concat(Enumerable.Range(0, n).Select(i => new string(' ', 2 * i) + (i == n - 1 ? "a: 1\n" : "a:\n")));

        Assert.NotNull(SimpleYamlReader.TryRead(Nested(PlainValue.MaxDepth, flow)));
        Assert.Null(SimpleYamlReader.TryRead(Nested(PlainValue.MaxDepth + 1, flow)));
    }

    [Fact]
    public void Other_files_are_left_to_YamlDotNet()
    {
        foreach (var text in Declined)
        {
            Assert.True(SimpleYamlReader.TryRead(text) is null, $"accepted: {text}");
        }
    }

    [Fact]
    public void Edited_files_are_either_read_as_YamlDotNet_reads_them_or_declined()
    {
        // Every one-character insertion, deletion and replacement in the accepted files, with characters that matter to YAML.
        const string Characters = " \n:-#'\"[]{},&*!|>?@`%~\\ax0\t\r\0\u0085\u00A0\u2028\uFEFF";
        var checkedCount = 0;
        foreach (var text in Accepted)
        {
            for (var position = 0; position <= text.Length; position++)
            {
                foreach (var edited in Characters.SelectMany(c => Edits(text, position, c)))
                {
                    if (SimpleYamlReader.TryRead(edited) is YamlMap simple)
                    {
                        AssertSameAsYamlDotNet(edited, simple);
                        checkedCount++;
                    }
                }
            }
        }
        Assert.True(checkedCount > 10_000, $"only {checkedCount} edited files were accepted");
    }

    private static IEnumerable<string> Edits(string text, int position, char c)
    {
        yield return text.Insert(position, c.ToString());
        if (position < text.Length)
        {
            yield return text.Remove(position, 1);
            yield return text.Remove(position, 1).Insert(position, c.ToString());
        }
    }

    private static void AssertSameAsYamlDotNet(string text, YamlMap simple)
    {
        var errors = new List<Violation>();
        var general = YamlText.ParseGeneral(text, "x.yml", errors);
        Assert.True(errors.Count == 0 && general is not null, $"YamlDotNet rejects what the simple reader accepted: {text}\n{string.Join("\n", errors)}");
        AssertSameNode(general!, simple, text);
    }

    private static void AssertSameNode(YamlValue expected, YamlValue actual, string text)
    {
        var where = $"in:\n{text}";
        Assert.True(expected.GetType() == actual.GetType(), $"{expected.GetType().Name} vs {actual.GetType().Name} {where}");
        Assert.True(expected.Line == actual.Line, $"line {expected.Line} vs {actual.Line} of '{expected}' {where}");
        Assert.True(expected.ToString() == actual.ToString(), $"'{expected}' vs '{actual}' {where}");
        switch (expected)
        {
            case YamlScalar scalar:
                Assert.True(scalar.Style == ((YamlScalar)actual).Style, $"style {scalar.Style} vs {((YamlScalar)actual).Style} of '{scalar}' {where}");
                break;
            case YamlList list:
                var items = ((YamlList)actual).Items;
                Assert.Equal(list.Items.Count, items.Count);
                for (var i = 0; i < items.Count; i++)
                {
                    AssertSameNode(list.Items[i], items[i], text);
                }
                break;
            case YamlMap map:
                var entries = ((YamlMap)actual).Entries;
                Assert.Equal(map.Entries.Count, entries.Count);
                for (var i = 0; i < entries.Count; i++)
                {
                    AssertSameNode(map.Entries[i].Key, entries[i].Key, text);
                    AssertSameNode(map.Entries[i].Value, entries[i].Value, text);
                }
                break;
        }
    }
}
