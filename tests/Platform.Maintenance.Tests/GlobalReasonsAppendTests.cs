using Platform.Maintenance.Running;
using Platform.Repository.Reasons;

namespace Platform.Maintenance.Tests;

/// <summary>SPEC section 3: GLOBAL reasons the platform raises but the repository lacks are appended by maintenance.</summary>
public sealed class GlobalReasonsAppendTests
{
    private const string File = "config/global_reasons.yml";

    private static void Drop(SampleRepository repo, params string[] slugs) =>
        repo.Write(File, string.Join('\n', repo.Read(File).Split('\n').Where(l => !slugs.Any(s => l.Contains("reason_slug: " + s + ",", StringComparison.Ordinal)))));

    [Fact]
    public void Missing_reasons_are_appended_with_new_keys_coded_at_once_and_a_rerun_changes_nothing()
    {
        using var repo = new SampleRepository();
        Drop(repo, GlobalSlugs.SkippedCache, GlobalSlugs.SecretMissing);
        var kept = repo.Read(File);

        var check = new MaintenanceRunner().Check(repo.Root);
        Assert.Contains(File, check.StaleFiles);
        Assert.Equal(kept, repo.Read(File));

        var report = new MaintenanceRunner().Run(repo.Root);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        Assert.Contains(File, report.FilesWritten);
        var text = repo.Read(File);
        Assert.StartsWith(kept.TrimEnd('\n') + "\n  - {reason_key: ", text, StringComparison.Ordinal);
        Assert.Contains("reason_slug: skipped_cache, category_id: cache,", text, StringComparison.Ordinal);
        Assert.Contains("reason_slug: secret_missing, category_id: platform,", text, StringComparison.Ordinal);
        Assert.Contains(",GLOBAL,,", repo.Read("maintenance-state/reason_catalog.csv"), StringComparison.Ordinal);
        Assert.Contains(",skipped_cache,", repo.Read("maintenance-state/reason_catalog.csv"), StringComparison.Ordinal);

        var before = Snapshot.Of(repo.Root);
        Assert.Empty(new MaintenanceRunner().Run(repo.Root).FilesWritten);
        Assert.Equal(before, Snapshot.Of(repo.Root));
        Assert.Empty(new MaintenanceRunner().Check(repo.Root).StaleFiles);
    }

    [Fact]
    public void An_empty_list_gets_every_platform_reason()
    {
        using var repo = new SampleRepository();
        repo.Write(File, "# none yet\nreasons: []  # the platform adds its own\n");
        var report = new MaintenanceRunner().Run(repo.Root);
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        var text = repo.Read(File);
        Assert.StartsWith("# none yet\nreasons:\n  - {reason_key: ", text, StringComparison.Ordinal);
        Assert.All(GlobalSlugs.Required, slug => Assert.Contains($"reason_slug: {slug},", text, StringComparison.Ordinal));
        Assert.Empty(new MaintenanceRunner().Run(repo.Root).FilesWritten);
    }

    [Fact]
    public void A_layout_it_cannot_extend_is_an_error_naming_the_missing_slugs()
    {
        using var repo = new SampleRepository();
        repo.Write(File, "reasons: [{reason_key: Zz1, reason_slug: module_failed, category_id: module, description: failed}]\n");
        var report = new MaintenanceRunner().Run(repo.Root);
        var error = Assert.Single(report.Errors);
        Assert.Equal((File, "reasons"), (error.File, error.Field));
        Assert.Contains("not_enough_credits", error.Value, StringComparison.Ordinal);
        Assert.Empty(report.FilesWritten);
    }
}
