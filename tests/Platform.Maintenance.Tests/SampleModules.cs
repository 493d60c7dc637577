namespace Platform.Maintenance.Tests;

/// <summary>Adds a minimal valid module (two reasons) to a sample repository copy.</summary>
public static class SampleModules
{
    public static void AddModule(SampleRepository repo, string id)
    {
        repo.Write($"modules/{id}/module.yml",
            $"module_id: {id}\nname: extra\ndepends_on: []\nsupports_downloadable_artifacts: false\nrun: {{command: [sh, run.sh], timeout_seconds: 5}}\n");
        repo.Write($"modules/{id}/validation.yml",
            "reasons:\n  - {reason_key: Nq1, reason_slug: first_problem, category_id: module, description: one}\n" +
            "  - {reason_key: Nq2, reason_slug: second_problem, category_id: module, description: two}\n");
    }
}
