namespace Platform.Maintenance.Indexes;

/// <summary>
/// One file maintenance produces, by path relative to the repository root. <see cref="TracksWorkOrders"/>
/// marks the files that change when only a work order changes (the work orders index and the manifest
/// that hashes it): the orchestrator's staleness check ignores them.
/// </summary>
public sealed record GeneratedFile(string RelativePath, byte[] Bytes, bool TracksWorkOrders = false);
