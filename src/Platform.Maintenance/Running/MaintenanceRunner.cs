using Platform.Domain.Errors;
using Platform.Maintenance.Indexes;
using Platform.Maintenance.Seams;
using Platform.Repository.Loading;
using Platform.Repository.MaintenanceState;

namespace Platform.Maintenance.Running;

/// <summary>
/// <c>platform maintenance [--check]</c> (SPEC §6): verify the repository, regenerate
/// maintenance-state/ (and append missing module prices), write only files whose bytes change,
/// then call the two seams the CLI provides. Structural errors mean nothing is written.
/// </summary>
public sealed class MaintenanceRunner(IBillingStateReleaseEnsurer? releaseEnsurer = null, ICachePruneDryRun? cachePruneDryRun = null)
{
    public MaintenanceReport Run(string repoRoot) => Run(RepositoryLoader.Load(repoRoot));

    public MaintenanceReport Check(string repoRoot) => Check(RepositoryLoader.Load(repoRoot));

    public MaintenanceReport Run(RepositoryLoad load)
    {
        var (files, errors, warnings) = Generate(load);
        if (errors.Count > 0)
        {
            return new MaintenanceReport(false, errors, warnings, [], [], []);
        }
        var root = load.Repository.Root;
        var changed = MaintenanceDiff.Changed(root, files);
        // The manifest goes last, so an interrupted run leaves a manifest that disagrees with the files and reruns.
        var manifest = MaintenanceTables.RelativePath(MaintenanceTables.Manifest);
        var ordered = changed.OrderBy(f => f.RelativePath == manifest).ToArray();
        WriteInParallel(root, ordered.Where(f => f.RelativePath != manifest).ToArray());
        WriteInParallel(root, ordered.Where(f => f.RelativePath == manifest).ToArray());
        var written = ordered.Select(f => f.RelativePath).ToArray();
        var steps = new List<string>();
        if (releaseEnsurer is not null)
        {
            steps.Add(releaseEnsurer.EnsureBillingStateRelease(root));
        }
        if (cachePruneDryRun is not null)
        {
            steps.Add(cachePruneDryRun.RunCachePruneDryRun(root));
        }
        return new MaintenanceReport(false, errors, warnings, written, written, steps);
    }

    public MaintenanceReport Check(RepositoryLoad load)
    {
        var (files, errors, warnings) = Generate(load);
        if (errors.Count > 0)
        {
            return new MaintenanceReport(true, errors, warnings, [], [], []);
        }
        var stale = MaintenanceDiff.Changed(load.Repository.Root, files).Select(f => f.RelativePath).Order(StringComparer.Ordinal).ToArray();
        return new MaintenanceReport(true, errors, warnings, stale, [], []);
    }

    /// <summary>
    /// Each write flushes its file to disk; flushes of different files overlap well, so a first run
    /// writes them side by side. A failure surfaces as the write's own exception, as it would alone.
    /// </summary>
    private static void WriteInParallel(string root, GeneratedFile[] files)
    {
        try
        {
            Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                file => AtomicFile.WriteAllBytes(RepositoryPaths.Full(root, file.RelativePath), file.Bytes));
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
        }
    }

    private static (IReadOnlyList<GeneratedFile> Files, List<Violation> Errors, List<Violation> Warnings) Generate(RepositoryLoad load)
    {
        var errors = load.Errors.ToList();
        var warnings = load.Warnings.ToList();
        if (errors.Count > 0)
        {
            return ([], errors, warnings);
        }
        var files = MaintenanceGenerator.Generate(load.Repository, errors, warnings);
        return (files, errors, warnings);
    }
}
