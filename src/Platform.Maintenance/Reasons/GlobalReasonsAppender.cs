using System.Text;
using Platform.Domain.Errors;
using Platform.Domain.Ids;
using Platform.Maintenance.Indexes;
using Platform.Repository.Loading;
using Platform.Repository.Reasons;

namespace Platform.Maintenance.Reasons;

/// <summary>
/// Appends the GLOBAL reasons the platform raises but config/global_reasons.yml lacks (the Python
/// platform declared five), each with a new reason_key, at the end of its <c>reasons:</c> list.
/// The rest of the file is kept byte for byte, so a second run finds nothing missing and writes nothing.
/// </summary>
public static class GlobalReasonsAppender
{
    private static readonly Dictionary<string, (string Category, string Description)> Defaults = new(StringComparer.Ordinal)
    {
        [GlobalSlugs.NotEnoughCredits] = ("billing", "The tenant's balance is below the work order's net price"),
        [GlobalSlugs.TenantSuspended] = ("tenant", "The tenant is suspended"),
        [GlobalSlugs.WorkOrderInvalid] = ("workorder", "The work order names unknown modules, misses required inputs or dependencies"),
        [GlobalSlugs.UnauthorizedReleaseAccess] = ("access", "The tenant may not reuse another tenant's released outputs"),
        [GlobalSlugs.InternalError] = ("platform", "The platform failed; not the module's fault"),
        [GlobalSlugs.ModuleFailed] = ("module", "The module exited non-zero or wrote no valid result"),
        [GlobalSlugs.ModuleTimeout] = ("module", "The module ran past its timeout_seconds and was killed"),
        [GlobalSlugs.ModuleNotExecuted] = ("module", "The module never ran: a dependency failed or ALL_OR_NOTHING stopped the order"),
        [GlobalSlugs.SkippedCache] = ("cache", "A valid cached output was reused instead of running"),
        [GlobalSlugs.ArtifactsNotAllowedByModule] = ("access", "The module does not support downloadable artifacts"),
        [GlobalSlugs.ArtifactsNotAllowedByPlatform] = ("access", "Platform policy or the store does not allow artifact downloads"),
        [GlobalSlugs.SecretMissing] = ("platform", "A module declares a secret the platform's environment lacks; found before charging"),
    };

    /// <summary>The new file and the reasons it adds, or null when every GLOBAL reason is declared.</summary>
    public static (GeneratedFile File, IReadOnlyList<ReasonDefinition> Added)? Build(PlatformRepository repository, ICollection<Violation> errors)
    {
        var declared = repository.GlobalReasons.Select(r => r.Slug).ToHashSet(StringComparer.Ordinal);
        var missing = GlobalSlugs.Required.Where(s => !declared.Contains(s)).ToList();
        if (missing.Count == 0)
        {
            return null;
        }
        var keys = repository.AllReasons.Select(r => r.Key.Value).ToHashSet(StringComparer.Ordinal);
        var added = new List<ReasonDefinition>();
        foreach (var slug in missing)
        {
            var key = IdGenerator.New<ReasonKeyKind>(keys.Contains);
            keys.Add(key.Value);
            var (category, description) = Defaults[slug];
            added.Add(new ReasonDefinition(ReasonScope.Global, null, key, slug, category, description, RepositoryPaths.GlobalReasons, 0));
        }
        var path = RepositoryPaths.Full(repository.Root, RepositoryPaths.GlobalReasons);
        var text = File.ReadAllText(path, Encoding.UTF8);
        if (Append(text, added) is not { } appended)
        {
            errors.Add(new Violation(RepositoryPaths.GlobalReasons, null, "reasons", string.Join(' ', missing),
                "the platform raises these GLOBAL reasons and cannot append them to this file's layout; declare them under a block 'reasons:' list"));
            return null;
        }
        return (new GeneratedFile(RepositoryPaths.GlobalReasons, new UTF8Encoding(false).GetBytes(appended)), added);
    }

    /// <summary>The text with the reasons added after the last item of the top-level <c>reasons:</c> list, or null for a layout it cannot extend.</summary>
    private static string? Append(string text, IReadOnlyList<ReasonDefinition> added)
    {
        var lines = text.Split('\n').ToList();
        var start = lines.FindIndex(l => IsKey(l, "reasons:"));
        if (start < 0)
        {
            return null;
        }
        var value = lines[start]["reasons:".Length..].Split('#')[0].Trim();
        string indent;
        var end = start + 1;
        if (value == "[]")
        {
            lines[start] = "reasons:";
            indent = "  ";
        }
        else if (value.Length == 0)
        {
            var first = lines.Skip(start + 1).FirstOrDefault(l => !IsBlankOrComment(l));
            if (first is null || !first.TrimStart(' ').StartsWith("- ", StringComparison.Ordinal))
            {
                return null;
            }
            indent = first[..(first.Length - first.TrimStart(' ').Length)];
            for (var i = start + 1; i < lines.Count; i++)
            {
                var line = lines[i];
                if (IsBlankOrComment(line))
                {
                    continue;
                }
                var inside = line.StartsWith(indent + "- ", StringComparison.Ordinal) || line.StartsWith(indent + " ", StringComparison.Ordinal);
                if (!inside)
                {
                    break;
                }
                end = i + 1;
            }
        }
        else
        {
            return null;
        }
        lines.InsertRange(end, added.Select(r =>
            $"{indent}- {{reason_key: {r.Key.Value}, reason_slug: {r.Slug}, category_id: {r.CategoryId}, description: \"{r.Description}\"}}"));
        var result = string.Join('\n', lines);
        return result.EndsWith('\n') ? result : result + "\n";
    }

    private static bool IsKey(string line, string key) => line.StartsWith(key, StringComparison.Ordinal);

    private static bool IsBlankOrComment(string line) => line.Trim().Length == 0 || line.TrimStart().StartsWith('#');
}
