using System.Text.Json;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Reads the result a module wrote to PLATFORM_RESULT_FILE and checks it against the contract.
/// Any problem makes the whole result void (the caller then fails the run with module_failed).
/// </summary>
internal static class ResultFile
{
    private const string Completed = "COMPLETED";
    private const string Failed = "FAILED";

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = 16,
        // Two "status" keys would let a reader pick either; refuse the ambiguity.
        AllowDuplicateProperties = false,
    };

    public static ModuleReport? Read(
        string path, string realOutputsDirectory, IReadOnlySet<string> reasonSlugs, ModuleRunnerLimits limits, out string? problem)
    {
        var bytes = ReadBounded(path, limits.MaxResultFileBytes, out problem);
        return bytes is null ? null : Parse(bytes, realOutputsDirectory, reasonSlugs, limits, out problem);
    }

    /// <summary>Checks a result already in memory (a worker's answer line), as <see cref="Read"/> checks a file's.</summary>
    public static ModuleReport? Parse(
        byte[] bytes, string realOutputsDirectory, IReadOnlySet<string> reasonSlugs, ModuleRunnerLimits limits, out string? problem)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, Options);
            return Check(document.RootElement, realOutputsDirectory, reasonSlugs, limits, out problem);
        }
        catch (JsonException e)
        {
            problem = $"result file is not valid JSON: {e.Message}";
            return null;
        }
    }

    /// <summary>
    /// The file's bytes, refusing links, oversized files and anything but a regular file: opening a
    /// FIFO or device could block the platform forever.
    /// </summary>
    private static byte[]? ReadBounded(string path, long maxBytes, out string? problem)
    {
        var bytes = RegularFile.ReadAll(Path.GetDirectoryName(path)!, Path.GetFileName(path), RegularFile.Links.None, maxBytes, out problem);
        problem = problem is null ? null
            : problem == "does not exist" ? "module wrote no result file"
            : $"result file {problem}";
        if (bytes is { Length: 0 })
        {
            problem = "result file is empty";
            return null;
        }
        return bytes;
    }

    private static ModuleReport? Check(
        JsonElement root, string realOutputsDirectory, IReadOnlySet<string> reasonSlugs, ModuleRunnerLimits limits, out string? problem)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = "result is not a JSON object";
            return null;
        }
        var statusText = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        ModuleRunStatus status;
        switch (statusText)
        {
            case Completed:
                status = ModuleRunStatus.Completed;
                break;
            case Failed:
                status = ModuleRunStatus.Failed;
                break;
            default:
                problem = "status must be \"COMPLETED\" or \"FAILED\"";
                return null;
        }
        var slug = CheckSlug(root, status, reasonSlugs, out problem);
        if (problem is not null)
        {
            return null;
        }
        var files = CheckFiles(root, realOutputsDirectory, limits, out problem);
        return files is null ? null : new ModuleReport(status, slug, files);
    }

    private static string? CheckSlug(JsonElement root, ModuleRunStatus status, IReadOnlySet<string> reasonSlugs, out string? problem)
    {
        problem = null;
        var present = root.TryGetProperty("reason_slug", out var element) && element.ValueKind != JsonValueKind.Null;
        if (present && element.ValueKind != JsonValueKind.String)
        {
            problem = "reason_slug must be a string";
            return null;
        }
        var slug = present ? element.GetString()! : "";
        if (status == ModuleRunStatus.Completed)
        {
            // Modules written for the earlier platform write "" or null here; both mean "none".
            if (slug.Length > 0)
            {
                problem = $"a COMPLETED result names reason_slug '{slug}'";
            }
            return null;
        }
        if (slug.Length == 0)
        {
            problem = "a FAILED result must name a reason_slug";
            return null;
        }
        if (!reasonSlugs.Contains(slug))
        {
            problem = $"reason_slug '{Shorten(slug)}' is not one of the module's reasons";
            return null;
        }
        return slug;
    }

    private static List<string>? CheckFiles(JsonElement root, string realOutputsDirectory, ModuleRunnerLimits limits, out string? problem)
    {
        problem = null;
        var files = new List<string>();
        if (!root.TryGetProperty("files", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return files;
        }
        if (list.ValueKind != JsonValueKind.Array)
        {
            problem = "files must be a list";
            return null;
        }
        if (list.GetArrayLength() > limits.MaxListedFiles)
        {
            problem = $"files lists more than {limits.MaxListedFiles} entries";
            return null;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                problem = "files entries must be strings";
                return null;
            }
            var entry = item.GetString()!;
            var relative = OutputFileCheck.Check(realOutputsDirectory, entry, limits.MaxListedPathLength, out var entryProblem);
            if (relative is null)
            {
                problem = $"listed file '{Shorten(entry)}' {entryProblem}";
                return null;
            }
            // A file listed twice is still one output.
            if (seen.Add(relative))
            {
                files.Add(relative);
            }
        }
        return files;
    }

    private static string Shorten(string text) => text.Length > 120 ? text[..117] + "..." : text;
}
