using Platform.Repository.Reasons;
using Platform.Orchestration.Caching;
using Platform.Orchestration.ModuleRunner;
using Platform.Orchestration.Planning;
using Platform.Repository.Loading;
using Platform.Repository.WorkOrders;
using Platform.Orchestration.Artifacts;
using Platform.State.Tables.Rows;

namespace Platform.Orchestration.Running;

/// <summary>
/// Runs one charged work order's modules, dependencies first, without holding the writer lease: a
/// module whose dependency did not complete, or that follows a failure in an ALL_OR_NOTHING order,
/// is not executed. Purchased artifacts of a completed module are published right away (publishing
/// is idempotent per release ID, so a repeated settlement never duplicates them). A cache that
/// cannot be saved or restored costs only the cache: one warning line through <c>log</c>.
/// </summary>
public sealed class WorkOrderExecutor(
    PlatformRepository repository,
    ModuleProcessRunner runner,
    ArtifactPublisher? publisher,
    ModuleCacheStore? cache,
    IReadOnlyDictionary<string, CacheIndexRow> cacheIndex,
    DateTimeOffset now,
    string runtimeDir,
    Func<string, bool> isAssetIdTaken,
    Action<string> log,
    IRunProgress progress)
{
    public IReadOnlyList<StepOutcome> Run(ChargedWorkOrder work, CancellationToken cancel)
    {
        var outcomes = new Dictionary<ModuleId, StepOutcome>();
        var outputs = new Dictionary<ModuleId, string>();
        if (work.Resumed)
        {
            WithdrawEarlierAttempt(work);
        }
        foreach (var step in work.Steps)
        {
            var (outcome, outputsDir) = RunStep(work, step, outcomes, outputs, cancel);
            outcomes[step.ModuleId] = outcome;
            if (outputsDir is not null)
            {
                outputs[step.ModuleId] = outputsDir;
            }
        }
        progress.WorkOrderRan(work.Tenant.Id, work.Order.Id);
        return work.Steps.Select(s => outcomes[s.ModuleId]).ToList();
    }

    /// <summary>One module of the work order: not executed, restored from its cache, or run (and its artifacts published).</summary>
    /// <returns>The step's outcome, and its outputs folder when it completed.</returns>
    private (StepOutcome Outcome, string? Outputs) RunStep(ChargedWorkOrder work, WorkOrderStep step,
        IReadOnlyDictionary<ModuleId, StepOutcome> earlier, IReadOnlyDictionary<ModuleId, string> outputs, CancellationToken cancel)
    {
        var module = repository.ModulesById[step.ModuleId];
        var runId = work.RunIds[step.ModuleId];
        var deps = module.DependsOn.Where(d => work.Steps.Any(s => s.ModuleId == d)).ToList();
        if (NotExecutedBecause(work, deps, earlier) is { } why)
        {
            return (new StepOutcome(step.ModuleId, runId, StepStatus.NotExecuted, GlobalSlugs.ModuleNotExecuted, null, null, "", "", false, [], [], why), null);
        }
        var inputs = PlainJson.Object(step.Inputs);
        var cacheKey = cache is not null && module.Cache.Enabled ? CacheKey.For(work.Tenant.Id, module, inputs) : null;
        if (cacheKey is not null && step.ReuseCache && TryCacheHit(work, step.ModuleId, runId, cacheKey) is { } hit)
        {
            return (hit.Outcome, hit.Outputs);
        }
        ModuleRunResult result;
        progress.ModuleStarted(work.Tenant.Id, work.Order.Id, step.ModuleId);
        try
        {
            result = runner.Run(Launch(work, module, runId, inputs, deps.ToDictionary(d => d, d => outputs[d])), cancel);
        }
        catch (Domain.Errors.PlatformException e)
        {
            // A launch the runner refuses (say, a declared secret named GITHUB_TOKEN) fails this
            // module, never the whole run: the work order was charged and must be settled.
            return (new StepOutcome(step.ModuleId, runId, StepStatus.Failed, GlobalSlugs.ModuleFailed, null, null, "", "", false, [], [], e.Message), null);
        }
        finally
        {
            progress.ModuleEnded(work.Tenant.Id, work.Order.Id, step.ModuleId);
        }
        var report = Path.GetRelativePath(runtimeDir, result.RunDirectory);
        if (result.Status != ModuleRunStatus.Completed)
        {
            return (new StepOutcome(step.ModuleId, runId, StepStatus.Failed, result.ReasonSlug, result.StartedAt, result.EndedAt, report, "", false, [], [], result.Detail ?? ""), null);
        }
        var cacheRow = cacheKey is null ? null : cache!.TrySave(cacheKey, work.Tenant.Id, module, result.OutputsDirectory, result.Files, now, log);
        var completed = Publish(work, step.ModuleId, runId, result.StartedAt, result.EndedAt, result.OutputsDirectory, result.Files, report) with { CacheRow = cacheRow };
        return (completed, result.OutputsDirectory);
    }

    /// <summary>Why a module is not run: a dependency that did not complete, or an earlier failure in an ALL_OR_NOTHING order.</summary>
    private static string? NotExecutedBecause(ChargedWorkOrder work, IReadOnlyList<ModuleId> deps, IReadOnlyDictionary<ModuleId, StepOutcome> earlier)
    {
        var blockedBy = deps.FirstOrDefault(d => earlier[d].Status != StepStatus.Completed);
        if (blockedBy != default)
        {
            return $"dependency {blockedBy} did not complete";
        }
        var failedBefore = earlier.Values.Any(o => o.Status == StepStatus.Failed);
        return failedBefore && work.Order.Mode == WorkOrderMode.AllOrNothing ? "ALL_OR_NOTHING stopped after a failure" : null;
    }

    private ModuleLaunch Launch(ChargedWorkOrder work, Repository.Modules.ModuleContract module, ModuleRunId runId,
        System.Text.Json.Nodes.JsonObject inputs, IReadOnlyDictionary<ModuleId, string> upstream) => new(
            module.Id,
            Path.Combine(repository.Root, module.Folder),
            module.Run.Python ? ModuleRunner.Python.PythonModuleAdapter.Command : module.Run.Command,
            TimeSpan.FromSeconds(module.Run.TimeoutSeconds),
            module.Requirements.Where(r => r.Type == Repository.Modules.ModuleRequirement.SecretType).Select(r => r.Key).ToList(),
            module.Reasons.Select(r => r.Slug).ToHashSet(StringComparer.Ordinal),
            work.Tenant.Id,
            work.Order.Id,
            runId,
            inputs,
            upstream,
            runtimeDir,
            module.Network,
            module.Run.Worker);

    /// <summary>
    /// A resumed attempt publishes into the releases its charge recorded. Whatever the dead attempt
    /// had published there is withdrawn first: this run's outputs may differ, and a module that
    /// fails or does not run this time must leave nothing behind.
    /// </summary>
    private void WithdrawEarlierAttempt(ChargedWorkOrder work)
    {
        foreach (var step in work.Quote.Steps.Where(s => s.PublishArtifacts))
        {
            if (publisher is not null && work.ReleaseIds.TryGetValue(step.Module, out var releaseId) && !isAssetIdTaken(releaseId.Value))
            {
                publisher.Withdraw(releaseId);
            }
        }
    }

    /// <summary>A valid, unexpired cache of this key restored into a fresh run folder, or null.</summary>
    private (string Outputs, StepOutcome Outcome)? TryCacheHit(ChargedWorkOrder work, ModuleId module, ModuleRunId runId, string key)
    {
        if (!cacheIndex.TryGetValue(key, out var row) || row.ExpiresAt <= now)
        {
            return null;
        }
        var folder = new RunFolder(runtimeDir, work.Tenant.Id, work.Order.Id, module, runId);
        folder.Prepare();
        var files = cache!.TryRestore(row.CacheId, folder.OutputsDirectory, log);
        if (files is null)
        {
            return null;
        }
        var report = Path.GetRelativePath(runtimeDir, folder.Root);
        var outcome = Publish(work, module, runId, now, now, folder.OutputsDirectory, files, report) with { CacheHit = true, ReasonSlug = GlobalSlugs.SkippedCache };
        return (folder.OutputsDirectory, outcome);
    }

    private StepOutcome Publish(ChargedWorkOrder work, ModuleId module, ModuleRunId runId, DateTimeOffset started, DateTimeOffset ended,
        string outputsDir, IReadOnlyList<string> files, string report)
    {
        var price = work.Quote.Steps.FirstOrDefault(s => s.Module == module);
        var completed = new StepOutcome(module, runId, StepStatus.Completed, null, started, ended, report, "", false, [], [], "");
        if (price is not { PublishArtifacts: true } || publisher is null)
        {
            return completed;
        }
        try
        {
            var published = publisher.Publish(work.ReleaseIds[module], work.Tenant.Id, work.Order.Id, outputsDir, files, isAssetIdTaken);
            return completed with { OutputRef = published.Tag, ReleaseRows = [published.ReleaseRow], AssetRows = published.AssetRows };
        }
        catch (Domain.Errors.PlatformException e)
        {
            return completed with { ArtifactsFailed = true, Detail = $"artifacts not published: {e.Message}" };
        }
    }
}
