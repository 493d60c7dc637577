namespace Platform.Maintenance.Seams;

/// <summary>
/// Filled by the CLI: makes sure the <c>billing-state-v1</c> release exists in the store, creating it
/// from <c>releases/billing-state-v1/</c> and never overwriting an existing asset. Returns a one-line
/// summary for the report (e.g. "billing-state-v1: exists"). Maintenance calls it only after a
/// successful, non-check run.
/// </summary>
public interface IBillingStateReleaseEnsurer
{
    string EnsureBillingStateRelease(string repoRoot);
}
