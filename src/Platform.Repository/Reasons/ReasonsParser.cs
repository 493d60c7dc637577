using Platform.Domain.Ids;
using Platform.Repository.Yaml;

namespace Platform.Repository.Reasons;

/// <summary>Reads the <c>reasons:</c> list of global_reasons.yml or a module's validation.yml.</summary>
public static class ReasonsParser
{
    public static IReadOnlyList<ReasonDefinition> Parse(YamlFields root, ReasonScope scope, ModuleId? module)
    {
        if (!root.Has("reasons"))
        {
            root.Report("reasons", null, "is required (an empty list is allowed: reasons: [])");
            return [];
        }
        var result = new List<ReasonDefinition>();
        foreach (var item in root.Maps("reasons"))
        {
            var key = item.Id<ReasonKeyKind>("reason_key");
            var slug = Slug(item, "reason_slug");
            var category = Category(item, scope);
            var description = item.Text("description") ?? "";
            if (key is ReasonKey k && slug is not null && category is not null)
            {
                result.Add(new ReasonDefinition(scope, module, k, slug, category, description, root.File, item.Line));
            }
        }
        return result;
    }

    /// <summary>Slugs and category IDs are lower snake case, so they read the same in code, CSV and logs.</summary>
    public static bool IsSlug(string text) =>
        text.Length is > 0 and <= 100 && char.IsAsciiLetterLower(text[0]) &&
        text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    /// <summary>
    /// A category ID: lower snake case, or two digits as the earlier Python platform wrote them
    /// (<see cref="PythonCategories"/>); missing means its defaults, 16 (Billing) for GLOBAL and 01
    /// (Acquisition) for a module's reasons.
    /// </summary>
    private static string? Category(YamlFields item, ReasonScope scope)
    {
        var text = item.Text("category_id");
        if (text is null)
        {
            return scope == ReasonScope.Global ? PythonCategories.GlobalDefault : PythonCategories.ModuleDefault;
        }
        if (!IsSlug(text) && !PythonCategories.IsTwoDigits(text))
        {
            item.Report("category_id", text, "must be lower snake case (a-z first, then a-z, 0-9 or _) or two digits like 16");
            return null;
        }
        return text;
    }

    private static string? Slug(YamlFields item, string field)
    {
        var text = item.Text(field, required: true);
        if (text is null)
        {
            return null;
        }
        if (!IsSlug(text))
        {
            item.Report(field, text, "must be lower snake case: a-z first, then a-z, 0-9 or _");
            return null;
        }
        return text;
    }
}
