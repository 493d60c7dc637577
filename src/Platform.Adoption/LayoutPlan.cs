using Platform.Domain.Errors;
using Platform.Repository.Config;

namespace Platform.Adoption;

/// <summary>
/// What <c>platform adopt</c> changes in a repository laid out for the earlier Python platform
/// (SPEC section 3): its billing config moves from <c>platform/billing/</c> to <c>config/billing/</c>,
/// its state template from <c>billing-state-seed/</c> to <c>releases/billing-state-v1/</c>, and its
/// workflows are replaced by this platform's. A repository already adopted yields no change.
/// </summary>
public static class LayoutPlan
{
    public const string PythonBillingFolder = "platform/billing";
    public const string PythonSeedFolder = "billing-state-seed";
    public const string TemplatesFolder = "releases/billing-state-v1";
    public const string WorkflowsFolder = ".github/workflows";

    /// <summary>What the Python platform's own workflows call; a workflow that does is replaced.</summary>
    private const string PythonCli = "platform.cli";

    /// <summary>The changes in the order they are made; throws a bad-input error (nothing changed) on a conflict.</summary>
    public static IReadOnlyList<LayoutChange> Build(string root)
    {
        var changes = new List<LayoutChange>();
        var conflicts = new List<Violation>();
        MoveFolder(root, PythonBillingFolder, ConfigTables.Folder, "*.csv", changes, conflicts);
        MoveFolder(root, PythonSeedFolder, TemplatesFolder, "*", changes, conflicts);
        if (conflicts.Count > 0)
        {
            throw PlatformException.BadInput(conflicts);
        }
        AddMissingConfig(root, changes);
        ReplaceWorkflows(root, changes);
        return changes;
    }

    /// <summary>Carries the changes out, then removes the Python folders they emptied.</summary>
    public static void Apply(string root, IReadOnlyList<LayoutChange> changes)
    {
        foreach (var change in changes)
        {
            change.Apply(root);
        }
        foreach (var folder in new[] { PythonBillingFolder, PythonSeedFolder })
        {
            var path = Path.Combine(root, folder);
            if (Directory.Exists(path) && !Directory.EnumerateFileSystemEntries(path).Any())
            {
                Directory.Delete(path);
            }
        }
    }

    /// <summary>Each file of the Python folder moves; one already in place with the same bytes is only removed; other bytes there are a conflict.</summary>
    private static void MoveFolder(string root, string from, string to, string pattern, List<LayoutChange> changes, List<Violation> conflicts)
    {
        var source = Path.Combine(root, from);
        if (!Directory.Exists(source))
        {
            return;
        }
        foreach (var file in Directory.GetFiles(source, pattern).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var (oldPath, newPath) = ($"{from}/{name}", $"{to}/{name}");
            var target = Path.Combine(root, to, name);
            if (!File.Exists(target))
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Move, newPath, oldPath));
            }
            else if (File.ReadAllBytes(target).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Remove, oldPath, newPath));
            }
            else
            {
                conflicts.Add(new Violation(oldPath, null, null, null, $"differs from {newPath}, which exists already; keep one of them and run adopt again"));
            }
        }
    }

    /// <summary>A billing CSV this platform reads but the Python layout lacked starts with its header only.</summary>
    private static void AddMissingConfig(string root, List<LayoutChange> changes)
    {
        var arriving = changes.Where(c => c.Kind == LayoutChangeKind.Move).Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var table in ConfigTables.All)
        {
            var relative = BillingConfigReader.RelativePath(table);
            if (!arriving.Contains(relative) && !File.Exists(Path.Combine(root, relative)))
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Add, relative, Bytes: CsvFormat.Encode(table.Header, [], writeHeader: true)));
            }
        }
    }

    private static void ReplaceWorkflows(string root, List<LayoutChange> changes)
    {
        var ours = PlatformWorkflows.Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        var folder = Path.Combine(root, WorkflowsFolder);
        if (Directory.Exists(folder))
        {
            foreach (var file in Directory.GetFiles(folder).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                var relative = $"{WorkflowsFolder}/{Path.GetFileName(file)}";
                if (!ours.Contains(relative) && File.ReadAllText(file).Contains(PythonCli, StringComparison.Ordinal))
                {
                    changes.Add(new LayoutChange(LayoutChangeKind.Remove, relative));
                }
            }
        }
        foreach (var (relative, bytes, executable) in PlatformWorkflows.Files)
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path))
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Add, relative, Bytes: bytes, Executable: executable));
            }
            else if (!File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
            {
                changes.Add(new LayoutChange(LayoutChangeKind.Replace, relative, Bytes: bytes, Executable: executable));
            }
        }
    }
}
