using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Modules written for the earlier Python platform (no <c>run:</c>, a <c>src/run.py</c>) through the real
/// CLI: maintenance and verify accept them, and the orchestrator runs them in their sandbox with python3.
/// </summary>
public class PythonModuleTests
{
    [Fact]
    public void Python_modules_complete_fail_with_their_own_reason_or_fail_with_module_failed_when_they_raise()
    {
        using var repo = new OrchestratorRepo();
        repo.AddPythonModule("Pya", """
            import os

            def run(params, outputs_dir):
                with open(os.path.join(outputs_dir, "out.txt"), "w") as f:
                    f.write(params["act"] + " " + os.environ["API_KEY"])
                return {"files": [os.path.join(outputs_dir, "out.txt")], "status": "completed", "reason_slug": ""}
            """, "API_KEY");
        repo.AddPythonModule("Pyb", """
            def run(params, outputs_dir):
                return {"files": [], "status": "FAILED", "reason_slug": "bad_input"}
            """);
        repo.AddPythonModule("Pyc", """
            def run(params, outputs_dir):
                raise RuntimeError("the source is down")
            """);
        repo.AddTenant("Tnt001");
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Pya", "hello", false));
        repo.AddWorkOrder("Tnt001", "Wo000002", "PARTIAL_ALLOWED", ("Pyb", "hello", false));
        repo.AddWorkOrder("Tnt001", "Wo000003", "PARTIAL_ALLOWED", ("Pyc", "hello", false));
        repo.Environment["Pya_API_KEY"] = "key-from-the-platform";
        repo.Maintain();
        var verify = repo.Run("verify");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        repo.Topup("Tnt001", 100);

        var result = repo.Orchestrate("--sandbox", "required");

        Assert.True(result.ExitCode == 0, result.ToString());
        var runs = repo.Rows("module_runs_log.csv").ToDictionary(r => r["module_id"]);
        Assert.Equal("COMPLETED", result.StatusOf("Wo000001"));
        Assert.Equal("hello key-from-the-platform", File.ReadAllText(Path.Combine(repo.Root, "runtime", runs["Pya"]["report_path"], "outputs", "out.txt")));
        var failed = result.WorkOrder("Wo000002");
        Assert.Equal(("FAILED", "bad_input", 10L), (failed["status"]!.GetValue<string>(), failed["reason"]!.GetValue<string>(), failed["refunded"]!.GetValue<long>()));
        var raised = result.WorkOrder("Wo000003");
        Assert.Equal(("FAILED", "module_failed"), (raised["status"]!.GetValue<string>(), raised["reason"]!.GetValue<string>()));
        Assert.Equal(100 - 30 + 10, repo.Balance("Tnt001"));
        var stderr = File.ReadAllText(Path.Combine(repo.Root, "runtime", runs["Pyc"]["report_path"], "stderr.log"));
        Assert.Contains("RuntimeError: the source is down", stderr, StringComparison.Ordinal);
    }
}
