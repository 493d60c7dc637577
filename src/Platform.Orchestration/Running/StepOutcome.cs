using Platform.State.Tables.Rows;
namespace Platform.Orchestration.Running;

/// <summary>
/// How one module of a work order ended: COMPLETED, FAILED (with the reason slug) or NOT_EXECUTED.
/// <see cref="OutputRef"/> is the artifacts release tag when they were published. <see cref="CacheHit"/>
/// marks outputs restored from a cache instead of a run; <see cref="CacheRow"/> is a new cache_index.csv row.
/// </summary>
public sealed record StepOutcome(
    ModuleId Module,
    ModuleRunId RunId,
    StepStatus Status,
    string? ReasonSlug,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    string ReportPath,
    string OutputRef,
    bool ArtifactsFailed,
    IReadOnlyList<IReadOnlyList<string>> ReleaseRows,
    IReadOnlyList<IReadOnlyList<string>> AssetRows,
    string Detail,
    bool CacheHit = false,
    CacheIndexRow? CacheRow = null);
