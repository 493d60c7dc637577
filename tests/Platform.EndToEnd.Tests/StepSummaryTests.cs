using Platform.EndToEnd.Tests.Support;

namespace Platform.EndToEnd.Tests;

public class StepSummaryTests
{
    private const string PaymentsHeader = "payment_id,tenant_id,topup_method_id,amount_credits,reference,received_at,status,note\n";

    /// <summary>Tnt001: one order completes, one fails with a refundable reason, one crashes; Tnt002 cannot pay.</summary>
    private static OrchestratorRepo Repo()
    {
        var repo = OrchestratorRepo.TwoTenants();
        repo.AddWorkOrder("Tnt001", "Wo000001", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.AddWorkOrder("Tnt001", "Wo000002", "PARTIAL_ALLOWED", ("Ccc", "fail", false));
        repo.AddWorkOrder("Tnt002", "Wo000004", "PARTIAL_ALLOWED", ("Aaa", "ok", false));
        repo.Maintain();
        repo.Topup("Tnt001", 100);
        return repo;
    }

    [Fact]
    public void The_orchestrator_summary_shows_completed_failed_and_refunded_work_orders_with_reasons()
    {
        using var repo = Repo();
        repo.AddWorkOrder("Tnt001", "Wo000003", "PARTIAL_ALLOWED", ("Ccc", "crash", false));
        var summary = Path.Combine(repo.Root, "summary.md");
        File.WriteAllText(summary, "earlier step\n");

        var result = repo.Orchestrate("--summary-file", summary);

        Assert.True(result.ExitCode == 0, result.ToString());
        var text = File.ReadAllText(summary);
        Assert.StartsWith("earlier step\n### ✅ platform orchestrator\n", text, StringComparison.Ordinal);
        var charged = result.Json["charged"]!.GetValue<decimal>();
        var refunded = result.Json["refunded"]!.GetValue<decimal>();
        Assert.True(refunded > 0, result.ToString());
        Assert.Contains($"4 work order(s): **{charged}** credits charged, **{refunded}** refunded.", text, StringComparison.Ordinal);
        Assert.Contains("| COMPLETED | 1 |", text, StringComparison.Ordinal);
        Assert.Contains("| FAILED | 3 |", text, StringComparison.Ordinal);
        // Every work order, with its reason and money.
        Assert.Contains("| Tnt001 | Wo000001 | COMPLETED |  |", text, StringComparison.Ordinal);
        Assert.Contains("| Tnt001 | Wo000002 | FAILED | bad_input |", text, StringComparison.Ordinal);
        Assert.Contains("| Tnt001 | Wo000003 | FAILED | module_failed |", text, StringComparison.Ordinal);
        Assert.Contains("| Tnt002 | Wo000004 | FAILED | not_enough_credits | 0 | 0 | 0 |", text, StringComparison.Ordinal);
        // Failures per work order and module: the refundable one refunded, the crash is the operator's.
        var refund = result.WorkOrder("Wo000002")["refunded"]!.GetValue<long>();
        Assert.True(refund > 0, result.ToString());
        Assert.Contains($"| Tnt001 | Wo000002 | Ccc | FAILED | bad_input | {refund} |  |", text, StringComparison.Ordinal);
        Assert.Contains("| Tnt001 | Wo000003 | Ccc | FAILED | module_failed | 0 | yes |", text, StringComparison.Ordinal);
        Assert.Contains("| Tnt002 | Wo000004 |  |  | not_enough_credits", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Fail_on_platform_failures_exits_2_only_when_the_operator_has_something_to_fix()
    {
        using var repo = Repo();
        var summary = Path.Combine(repo.Root, "summary.md");

        var tenantsOnly = repo.Orchestrate("--fail-on-platform-failures", "--summary-file", summary);
        Assert.True(tenantsOnly.ExitCode == 0, tenantsOnly.ToString());
        Assert.Equal("FAILED", tenantsOnly.StatusOf("Wo000002"));

        repo.AddWorkOrder("Tnt001", "Wo000003", "PARTIAL_ALLOWED", ("Ccc", "crash", false));
        var crashed = repo.Orchestrate("--fail-on-platform-failures", "--summary-file", summary);

        Assert.Equal(2, crashed.ExitCode);
        Assert.False(crashed.Json["ok"]!.GetValue<bool>());
        Assert.Equal("FAILED", crashed.StatusOf("Wo000003"));
        Assert.Contains("error: 1 work order(s) failed for a reason the operator must fix: Tnt001/Wo000003 (module_failed)",
            crashed.Stderr, StringComparison.Ordinal);
        var text = File.ReadAllText(summary);
        Assert.Contains("### ✅ platform orchestrator", text, StringComparison.Ordinal);
        Assert.Contains("### ❌ platform orchestrator: failed (exit 2, bad input or a failed check)", text, StringComparison.Ordinal);
        Assert.Contains("- error: 1 work order(s) failed for a reason the operator must fix: Tnt001/Wo000003 (module_failed)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Under_GitHub_Actions_a_bad_payments_row_is_an_error_annotation_and_the_step_summary_lists_it()
    {
        using var repo = new TempPlatformRepo();
        repo.Write("config/billing/payments.csv", PaymentsHeader + "Pq3Lm8Zx,Zz99Zz,BT,500,wire-1,2026-01-02T09:00:00Z,CONFIRMED,\n");
        var outside = repo.Run("reconcile-payments");
        Assert.Equal(2, outside.ExitCode);
        Assert.DoesNotContain("::error", outside.Stderr, StringComparison.Ordinal);

        var summary = Path.Combine(repo.Root, "step-summary.md");
        repo.Environment["GITHUB_ACTIONS"] = "true";
        repo.Environment["GITHUB_STEP_SUMMARY"] = summary;
        var before = repo.Snapshot();
        var result = repo.Run("reconcile-payments");

        Assert.Equal(2, result.ExitCode);
        var annotation = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("::error", StringComparison.Ordinal));
        Assert.StartsWith("::error file=config/billing/payments.csv,line=2,title=platform reconcile-payments::tenant_id='Zz99Zz': ", annotation, StringComparison.Ordinal);
        Assert.Contains(result.ErrorLines, l => l.Contains("payments.csv:2: tenant_id='Zz99Zz'", StringComparison.Ordinal));
        var text = File.ReadAllText(summary);
        Assert.Contains("### ❌ platform reconcile-payments: failed (exit 2, bad input or a failed check)", text, StringComparison.Ordinal);
        Assert.Contains("| config/billing/payments.csv | 2 | tenant_id | Zz99Zz |", text, StringComparison.Ordinal);
        // The summary is the only file written.
        var after = repo.Snapshot();
        after.Remove("step-summary.md");
        Assert.Equal(before, after);
    }

    [Fact]
    public void The_summary_file_option_wins_over_the_environment_and_checks_list_the_stale_files()
    {
        using var repo = new TempPlatformRepo();
        File.AppendAllText(repo.PathOf("maintenance-state/reason_catalog.csv"), "edited,by,hand\n");
        var fromEnvironment = Path.Combine(repo.Root, "env.md");
        var fromOption = Path.Combine(repo.Root, "option.md");
        repo.Environment["PLATFORM_SUMMARY_FILE"] = fromEnvironment;

        var verify = repo.Run("verify", "--only", "repo", "--summary-file", fromOption);
        var check = repo.Run("maintenance", "--check");

        Assert.Equal(2, verify.ExitCode);
        Assert.Equal(2, check.ExitCode);
        var option = File.ReadAllText(fromOption);
        var environment = File.ReadAllText(fromEnvironment);
        Assert.Contains("### ❌ platform verify: failed (exit 2", option, StringComparison.Ordinal);
        Assert.Contains("| maintenance-state/reason_catalog.csv |  |  |  | is stale: run platform maintenance |", option, StringComparison.Ordinal);
        Assert.DoesNotContain("platform verify", environment, StringComparison.Ordinal);
        Assert.StartsWith("### ❌ platform maintenance: failed (exit 2", environment, StringComparison.Ordinal);
        Assert.Contains("| maintenance-state/reason_catalog.csv |  |  |  | is stale: run platform maintenance |", environment, StringComparison.Ordinal);
    }
}
