using Platform.Domain.Errors;
using Platform.Maintenance.Running;

namespace Platform.Maintenance.Verification;

/// <summary>The repository half of <c>platform verify</c>: structural errors, work order warnings, stale maintenance-state files.</summary>
public sealed record RepositoryVerificationReport(IReadOnlyList<Violation> Errors, IReadOnlyList<Violation> Warnings, IReadOnlyList<string> StaleFiles)
{
    /// <summary>verify exits 2 on any of the three kinds.</summary>
    public bool Passed => Errors.Count == 0 && Warnings.Count == 0 && StaleFiles.Count == 0;

    /// <summary>Every finding as one violation each: errors, warnings, then stale files.</summary>
    public IReadOnlyList<Violation> All => Errors.Concat(Warnings).Concat(StaleFiles.Select(StaleFile.Violation)).ToArray();
}
