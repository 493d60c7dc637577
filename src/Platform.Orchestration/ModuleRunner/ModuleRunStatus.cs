namespace Platform.Orchestration.ModuleRunner;

/// <summary>The two outcomes of a module run, spelled as module_runs_log.csv spells them.</summary>
public enum ModuleRunStatus
{
    Completed,
    Failed,
}
