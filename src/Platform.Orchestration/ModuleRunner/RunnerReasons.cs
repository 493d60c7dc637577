namespace Platform.Orchestration.ModuleRunner;

/// <summary>The GLOBAL reason slugs the runner itself gives a run (config/global_reasons.yml must hold them).</summary>
public static class RunnerReasons
{
    public const string ModuleFailed = "module_failed";
    public const string ModuleTimeout = "module_timeout";
}
