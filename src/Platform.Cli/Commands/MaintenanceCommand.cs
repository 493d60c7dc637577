using System.CommandLine;
using System.Text.Json.Nodes;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Domain.Errors;
using Platform.Maintenance.Running;
using Platform.Maintenance.Seams;

namespace Platform.Cli.Commands;

/// <summary><c>platform maintenance [--check]</c>: regenerates maintenance-state/ and verifies the repository.</summary>
public static class MaintenanceCommand
{
    public static Command Create(CommonOptions options)
    {
        var check = new Option<bool>("--check") { Description = "Regenerate in memory only; exit 2 listing the files that are stale" };
        var command = new Command("maintenance", "Regenerate maintenance-state/, verify the repository, ensure the billing-state release exists") { check };
        command.SetBody(options, (parse, context) =>
        {
            var checkOnly = parse.GetValue(check);
            var runner = new MaintenanceRunner(new ReleaseEnsurer(context), new CachePruneCommand.DryRun(context));
            var result = checkOnly ? runner.Check(context.RepoRoot) : runner.Run(context.RepoRoot);
            var report = new CommandReport();
            foreach (var warning in result.Warnings)
            {
                report.Line("warning: " + warning);
            }
            if (!result.Succeeded)
            {
                report.ExitCode = ExitCode.BadInput;
                report.Lines.AddRange(result.Failures.Select(v => "error: " + v));
                report.Violations.AddRange(result.Failures);
            }
            else if (checkOnly)
            {
                report.Line("maintenance-state/ is up to date");
            }
            else
            {
                report.Line(result.FilesWritten.Count == 0 ? "maintenance-state/ unchanged" : $"wrote {result.FilesWritten.Count} file(s): {string.Join(", ", result.FilesWritten)}");
                report.Lines.AddRange(result.StepSummaries);
            }
            return report
                .Set("check", checkOnly)
                .Set("errors", Json(result.Errors))
                .Set("warnings", Json(result.Warnings))
                .Set("stale_files", new JsonArray(result.StaleFiles.Select(f => (JsonNode)f).ToArray()))
                .Set("files_written", new JsonArray(result.FilesWritten.Select(f => (JsonNode)f).ToArray()));
        });
        return command;
    }

    private static JsonArray Json(IEnumerable<Violation> violations) =>
        new(violations.Select(v => (JsonNode)ConsoleOutput.ViolationJson(v)).ToArray());

    /// <summary>Maintenance's seam: the state transaction's hydrate creates a missing release and never overwrites one.</summary>
    private sealed class ReleaseEnsurer(CommandContext context) : IBillingStateReleaseEnsurer
    {
        public string EnsureBillingStateRelease(string repoRoot)
        {
            var generation = context.StateTransaction().EnsureExists();
            return $"billing-state-v1 in the {context.StoreKind} store: generation {generation}";
        }
    }
}
