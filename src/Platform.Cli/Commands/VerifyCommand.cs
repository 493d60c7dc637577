using System.CommandLine;
using System.Text.Json.Nodes;
using Platform.Billing;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Domain.Errors;
using Platform.Maintenance.Running;
using Platform.Maintenance.Verification;

namespace Platform.Cli.Commands;

/// <summary><c>platform verify [--only repo|state]</c>: lists every violation, one line each; exit 2 if any.</summary>
public static class VerifyCommand
{
    public static Command Create(CommonOptions options)
    {
        var only = new Option<string?>("--only") { Description = "Check only the repository (repo) or only the billing state (state)" };
        only.AcceptOnlyFromAmong("repo", "state");
        var command = new Command("verify", "Check the repository and the billing state against every rule") { only };
        command.SetBody(options, (parse, context) =>
        {
            var scope = parse.GetValue(only);
            var violations = new List<Violation>();
            long total = 0;
            var report = new CommandReport();
            // The check reconcile-payments and the orchestrator make, so verify passes only what they accept.
            var payments = PaymentCheck.Of(context.RepoRoot);
            if (scope is null or "repo")
            {
                var repo = RepositoryVerifier.Verify(context.RepoRoot);
                var found = repo.Errors.Concat(repo.Warnings).Concat(repo.StaleFiles.Select(StaleFile.Violation)).ToList();
                found.AddRange(payments.Problems.Except(found));
                violations.AddRange(found);
                total += found.Count;
                report.Set("repo_errors", repo.Errors.Count).Set("repo_warnings", repo.Warnings.Count).Set("stale_files", repo.StaleFiles.Count);
            }
            if (scope is null or "state")
            {
                var (state, log) = context.StateTransaction().Inspect();
                violations.AddRange(log.Violations);
                total += log.Count;
                var conflicts = state is null ? [] : payments.AgainstLedger(state.IsPosted, state.PostedOtherwise);
                violations.AddRange(conflicts);
                total += conflicts.Count;
                report.Set("state_generation", state?.Manifest.Generation).Set("transactions", state?.TransactionCount);
            }
            if (total > 0)
            {
                report.ExitCode = ExitCode.BadInput;
                report.Lines.AddRange(violations.Select(v => "error: " + v));
                if (total > violations.Count)
                {
                    report.Line($"error: ... and {total - violations.Count} more");
                }
            }
            report.Violations.AddRange(violations);
            report.Set("violations", new JsonArray(violations.Select(v => (JsonNode)ConsoleOutput.ViolationJson(v)).ToArray()))
                .Set("violation_count", total);
            if (total == 0)
            {
                report.Line($"verify: no violations ({scope ?? "repo and state"})");
            }
            return report;
        });
        return command;
    }
}
