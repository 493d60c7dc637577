namespace Platform.Maintenance.Seams;

/// <summary>
/// Filled by the CLI: runs cache prune in dry-run mode and returns a one-line summary of its counts.
/// Maintenance calls it last, only after a successful, non-check run.
/// </summary>
public interface ICachePruneDryRun
{
    string RunCachePruneDryRun(string repoRoot);
}
