namespace Platform.Orchestration.Artifacts;

/// <summary>
/// What publishing a run's artifacts produced: the tag (the run's <c>output_ref</c>) and the rows to
/// append to <c>github_releases_map.csv</c> and <c>github_assets_map.csv</c>, which alone tie the
/// internal IDs to the store's numeric ones.
/// </summary>
public sealed record PublishedArtifacts(string Tag, IReadOnlyList<string> ReleaseRow, IReadOnlyList<IReadOnlyList<string>> AssetRows);
