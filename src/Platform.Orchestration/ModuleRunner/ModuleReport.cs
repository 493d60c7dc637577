namespace Platform.Orchestration.ModuleRunner;

/// <summary>The module's own account of its run, as read (and checked) from its result file.</summary>
internal sealed record ModuleReport(ModuleRunStatus Status, string? ReasonSlug, IReadOnlyList<string> Files);
