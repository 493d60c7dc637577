using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.Planning;
using Platform.Repository.Loading;
using Platform.State.Stores.Artifacts;

namespace Platform.Orchestration.Running;

/// <summary>
/// Runs one charged work order's modules, dependencies first, without holding the writer lease: a
/// module whose dependency did not complete, or that follows a failure in an ALL_OR_NOTHING order,
/// is not executed. Purchased artifacts of a completed module are published right away (publishing
/// is idempotent per release ID, so a repeated settlement never duplicates them).
/// </summary>
public sealed class WorkOrderExecutor(PlatformRepository repository, ModuleProcessRunner runner, ArtifactPublisher? publisher, string runtimeDir, Func<string, bool> isAssetIdTaken)
{
    public async Task<IReadOnlyList<StepOutcome>> RunAsync(ChargedWorkOrder work, CancellationToken cancel)
    {
        var outcomes = new Dictionary<ModuleId, StepOutcome>();
        var outputs = new Dictionary<ModuleId, string>();
        var failed = false;
        foreach (var step in work.Steps)
        {
            var module = repository.ModulesById[step.ModuleId];
            var runId = work.RunIds[step.ModuleId];
            var deps = module.DependsOn.Where(d => work.Steps.Any(s => s.ModuleId == d)).ToList();
            var blockedBy = deps.FirstOrDefault(d => outcomes[d].Status != StepOutcome.Completed);
            if (blockedBy != default || (failed && work.Order.Mode == Repository.WorkOrders.WorkOrderMode.AllOrNothing))
            {
                var why = blockedBy != default ? $"dependency {blockedBy} did not complete" : "ALL_OR_NOTHING stopped after a failure";
                outcomes[step.ModuleId] = new StepOutcome(step.ModuleId, runId, StepOutcome.NotExecuted, "module_not_executed", null, null, "", "", false, [], [], why);
                continue;
            }
            var launch = new ModuleLaunch(
                step.ModuleId,
                Path.Combine(repository.Root, module.Folder),
                module.Run.Command,
                TimeSpan.FromSeconds(module.Run.TimeoutSeconds),
                module.Requirements.Where(r => r.Type == Repository.Modules.ModuleRequirement.SecretType).Select(r => r.Key).ToList(),
                module.Reasons.Select(r => r.Slug).ToHashSet(StringComparer.Ordinal),
                work.Tenant.Id,
                work.Order.Id,
                runId,
                PlainJson.Object(step.Inputs),
                deps.ToDictionary(d => d, d => outputs[d]),
                runtimeDir);
            var result = await runner.RunAsync(launch, cancel).ConfigureAwait(false);
            var report = Path.GetRelativePath(runtimeDir, result.RunDirectory);
            if (result.Status != ModuleRunStatus.Completed)
            {
                failed = true;
                outcomes[step.ModuleId] = new StepOutcome(step.ModuleId, runId, StepOutcome.Failed, result.ReasonSlug, result.StartedAt, result.EndedAt, report, "", false, [], [], result.Detail ?? "");
                continue;
            }
            outputs[step.ModuleId] = result.OutputsDirectory;
            outcomes[step.ModuleId] = Publish(work, step.ModuleId, runId, result, report);
        }
        return work.Steps.Select(s => outcomes[s.ModuleId]).ToList();
    }

    private StepOutcome Publish(ChargedWorkOrder work, ModuleId module, ModuleRunId runId, ModuleRunResult result, string report)
    {
        var price = work.Quote.Steps.FirstOrDefault(s => s.Module == module);
        if (price is not { PublishArtifacts: true } || publisher is null)
        {
            return new StepOutcome(module, runId, StepOutcome.Completed, null, result.StartedAt, result.EndedAt, report, "", false, [], [], "");
        }
        try
        {
            var published = publisher.Publish(work.ReleaseIds[module], work.Tenant.Id, work.Order.Id, result.OutputsDirectory, result.Files, isAssetIdTaken);
            return new StepOutcome(module, runId, StepOutcome.Completed, null, result.StartedAt, result.EndedAt, report, published.Tag, false,
                [published.ReleaseRow], published.AssetRows, "");
        }
        catch (Domain.Errors.PlatformException e)
        {
            return new StepOutcome(module, runId, StepOutcome.Completed, null, result.StartedAt, result.EndedAt, report, "", true, [], [], $"artifacts not published: {e.Message}");
        }
    }
}
