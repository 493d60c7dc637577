using Platform.Maintenance.Running;
using Platform.Repository.Loading;

namespace Platform.Maintenance.Verification;

/// <summary>
/// <c>platform verify --only repo</c>: everything maintenance --check would say, in one report.
/// Staleness is judged only on a structurally sound repository (otherwise nothing can be regenerated).
/// </summary>
public static class RepositoryVerifier
{
    public static RepositoryVerificationReport Verify(string repoRoot) => Verify(RepositoryLoader.Load(repoRoot));

    public static RepositoryVerificationReport Verify(RepositoryLoad load)
    {
        var check = new MaintenanceRunner().Check(load);
        return new RepositoryVerificationReport(check.Errors, check.Warnings, check.StaleFiles);
    }
}
