using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class MaintenanceCommandTests
{
    [Fact]
    public void The_committed_sample_repository_is_up_to_date_and_verifies()
    {
        using var repo = new TempPlatformRepo();
        var check = repo.Run("maintenance", "--check");
        Assert.True(check.ExitCode == 0, check.ToString());
        var before = repo.Snapshot().Where(p => p.Key.StartsWith("maintenance-state", StringComparison.Ordinal)).ToList();
        var run = repo.Run("maintenance", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.Json["files_written"]!.AsArray());
        Assert.Equal(before, repo.Snapshot().Where(p => p.Key.StartsWith("maintenance-state", StringComparison.Ordinal)).ToList());
        var verify = repo.Run("verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
    }

    [Fact]
    public void Check_fails_without_writing_once_a_module_is_added_and_maintenance_fixes_it()
    {
        using var repo = new TempPlatformRepo();
        foreach (var file in Directory.GetFiles(repo.PathOf("modules/U2T")))
        {
            repo.Write("modules/Q9z/" + Path.GetFileName(file), File.ReadAllText(file)
                .Replace("module_id: U2T", "module_id: Q9z", StringComparison.Ordinal)
                .Replace("reason_key: hf7", "reason_key: q1a", StringComparison.Ordinal)
                .Replace("reason_key: kNn", "reason_key: q1b", StringComparison.Ordinal));
        }
        var before = repo.Snapshot();
        var check = repo.Run("maintenance", "--check");
        Assert.Equal(2, check.ExitCode);
        Assert.Contains(check.ErrorLines, l => l.Contains("maintenance-state/", StringComparison.Ordinal));
        Assert.Equal(before, repo.Snapshot());
        Assert.Equal(2, repo.Run("verify", "--only", "repo").ExitCode);

        Assert.Equal(0, repo.Run("maintenance").ExitCode);
        Assert.Equal(0, repo.Run("maintenance", "--check").ExitCode);
    }

    [Fact]
    public void A_structural_fault_exits_2_naming_file_and_value_and_writes_nothing()
    {
        using var repo = new TempPlatformRepo();
        repo.Write("modules/mrB/module.yml", File.ReadAllText(repo.PathOf("modules/mrB/module.yml")).Replace("depends_on: [U2T]", "depends_on: [Xx9]", StringComparison.Ordinal));
        var before = repo.Snapshot();
        var result = repo.Run("maintenance");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.Contains("modules/mrB/module.yml", StringComparison.Ordinal) && l.Contains("Xx9", StringComparison.Ordinal));
        Assert.Equal(before, repo.Snapshot());
        Assert.Equal(2, repo.Run("orchestrator").ExitCode);
    }
}
