namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// What one module run came to. <see cref="ReasonSlug"/> is null only when COMPLETED; otherwise it is
/// the module's own slug or one of the platform's (<see cref="GlobalSlugs"/>).
/// </summary>
/// <param name="Files">Output files, relative to <see cref="OutputsDirectory"/> with '/' separators, each checked to exist inside it.</param>
/// <param name="ExitCode">The module's exit code; null when it never started or was killed.</param>
/// <param name="Detail">Why the platform failed the run, for operators' logs (never holds a secret value); null when the module's own result stood.</param>
public sealed record ModuleRunResult(
    ModuleRunStatus Status,
    string? ReasonSlug,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    IReadOnlyList<string> Files,
    int? ExitCode,
    string OutputsDirectory,
    string RunDirectory,
    bool StdoutTruncated,
    bool StderrTruncated,
    string? Detail)
{
    public bool LogsTruncated => StdoutTruncated || StderrTruncated;
}
