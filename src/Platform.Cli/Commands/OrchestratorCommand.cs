using System.CommandLine;
using Platform.Billing;
using Platform.Cli.Hosting;
using Platform.Cli.Output;
using Platform.Cli.Output.Progress;
using Platform.Cli.Output.Workflows;
using Platform.Domain.Errors;
using Platform.Maintenance.Running;
using Platform.Orchestration;
using Platform.Orchestration.Caching;
using Platform.Orchestration.Planning;
using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.ModuleRunner.Sandbox;
using Platform.Repository.Loading;
using Platform.Orchestration.Artifacts;

namespace Platform.Cli.Commands;

/// <summary><c>platform orchestrator</c> (alias <c>orchestrate</c>): runs enabled work orders.</summary>
public static class OrchestratorCommand
{
    public static Command Create(CommonOptions options)
    {
        var runtimeDir = new Option<string>("--runtime-dir") { Description = "Where module runs write their folders, relative to the repository", DefaultValueFactory = _ => "runtime" };
        var tenant = new Option<string?>("--tenant") { Description = "Only this tenant's work orders" };
        var workOrder = new Option<string?>("--work-order") { Description = "Only this work order" };
        var rerun = new Option<bool>("--rerun") { Description = "Run work orders again even when finished at their current revision" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the plan and prices; change nothing" };
        var parallel = new Option<int>("--parallel") { Description = "Work orders run at once", DefaultValueFactory = _ => 4 }.InRange(1, 64);
        var sandbox = new Option<string?>("--sandbox") { Description = "Run modules in a bubblewrap sandbox (env PLATFORM_SANDBOX; default auto)", HelpName = "auto|required|off" };
        var failOnPlatform = new Option<bool>("--fail-on-platform-failures")
        {
            Description = "Exit 2 when a work order failed for a reason the operator must fix (internal_error, secret_missing, module_failed, module_timeout)",
        };
        var command = new Command("orchestrator", "Price, charge, run and settle enabled work orders") { runtimeDir, tenant, workOrder, rerun, dryRun, parallel, sandbox, failOnPlatform };
        command.Aliases.Add("orchestrate");
        command.SetBody(options, (parse, context) =>
        {
            var repository = LoadChecked(context.RepoRoot);
            var run = new OrchestratorOptions(
                Path.GetFullPath(parse.GetValue(runtimeDir) ?? "runtime", context.RepoRoot),
                parse.GetValue(tenant) is { } t ? TenantId.Parse(t, "--tenant") : null,
                parse.GetValue(workOrder) is { } w ? WorkOrderId.Parse(w, "--work-order") : null,
                parse.GetValue(rerun),
                parse.GetValue(dryRun),
                parse.GetValue(parallel));
            RunFilter.RequireMatch(repository, run);
            var publisher = context.Store.Releases is { } releases ? new ArtifactPublisher(releases, context.Clock) : null;
            var cache = context.Store.Releases is { } store ? new ModuleCacheStore(store) : null;
            var sandboxMode = parse.GetValue(sandbox) is { } flag ? SandboxChoice.Parse(flag, "--sandbox")
                : SandboxChoice.Parse(context.Environment.GetValueOrDefault("PLATFORM_SANDBOX"), "PLATFORM_SANDBOX");
            // Modules run as this user: without this, one could read the platform's tokens in /proc.
            NonDumpable.Apply();
            using var sandboxes = run.DryRun ? null
                : SandboxChoice.Open(sandboxMode, Sandboxes.SupervisorCommand(), context.Environment, context.Output.Log);
            using var runner = new ModuleProcessRunner(context.Clock, context.Environment, sandboxes: sandboxes);
            var payments = PaymentReconciler.Read(context.RepoRoot);
            PaymentPosting postPayments = change => PaymentReconciler.Apply(change, payments, skipOverflow: true).Overflowing;
            using var interruption = new Interruption(ModuleProcessRunner.KillAllRunning);
            IReadOnlyList<WorkOrderOutcome> outcomes;
            try
            {
                outcomes = ProgressDisplay.Run(context.Output.Json, context.Clock, ProgressReporter.IntervalFrom(context.Environment), context.Output.Log, (progress, log) =>
                    new Orchestrator(repository, context.StateTransaction(), postPayments, runner, publisher, cache, context.Clock, log, progress)
                        .Run(run, interruption.Token));
            }
            catch (OperationCanceledException) when (interruption.Signal is { } signal)
            {
                throw new PlatformException(
                    $"interrupted by {signal}: the modules that were running were killed; work orders charged and not yet settled are finished (or refunded) by the next run");
            }
            var report = OrchestratorReport.Build(outcomes, run.DryRun, terminal: !Console.IsOutputRedirected);
            report.Summary = OrchestratorSummary.Render(outcomes, run.DryRun);
            if (parse.GetValue(failOnPlatform))
            {
                OperatorFailures.FailReport(report, outcomes);
            }
            return report;
        });
        return command;
    }

    /// <summary>The repository, verified structurally, with a maintenance-state that is up to date for it.</summary>
    public static PlatformRepository LoadChecked(string repoRoot)
    {
        var load = RepositoryLoader.Load(repoRoot);
        if (load.Errors.Count > 0)
        {
            throw PlatformException.BadInput(load.Errors);
        }
        var stale = MaintenanceStaleness.FindForOrchestrator(load.Repository);
        if (stale.Count > 0)
        {
            throw PlatformException.BadInput(stale.Select(f => new Violation(f, null, null, null, "is stale: run platform maintenance")).ToList());
        }
        return load.Repository;
    }
}
