using Platform.Domain.Errors;

namespace Platform.Maintenance.Running;

/// <summary>
/// What a maintenance run or check did. <see cref="Errors"/> are structural (nothing was written);
/// <see cref="StaleFiles"/> are the files (relative to the repository root) whose bytes on disk differ
/// from what maintenance produces: written by a run, only listed by a check.
/// <see cref="StepSummaries"/> are the seams' one-line summaries.
/// </summary>
public sealed record MaintenanceReport(
    bool CheckOnly,
    IReadOnlyList<Violation> Errors,
    IReadOnlyList<Violation> Warnings,
    IReadOnlyList<string> StaleFiles,
    IReadOnlyList<string> FilesWritten,
    IReadOnlyList<string> StepSummaries)
{
    /// <summary>Exit 0 when true; otherwise exit 2 (structural errors, or a check that found stale files).</summary>
    public bool Succeeded => Errors.Count == 0 && (!CheckOnly || StaleFiles.Count == 0);

    /// <summary>Violations for the CLI to print when the run failed: errors, then one per stale file of a check.</summary>
    public IReadOnlyList<Violation> Failures =>
        Errors.Concat(CheckOnly ? StaleFiles.Select(StaleFile.Violation) : []).ToArray();
}
