namespace Platform.Repository.WorkOrders;

/// <summary>
/// One module of a work order. <see cref="Inputs"/> are plain values (string, long, double, bool,
/// null, lists, dictionaries) ready for the request JSON. <see cref="ReuseCache"/> is
/// <c>reuse_output_type: cache</c>. <see cref="Line"/> is the YAML line of the entry.
/// </summary>
public sealed record WorkOrderStep(
    ModuleId ModuleId,
    IReadOnlyDictionary<string, object?> Inputs,
    bool ReuseCache,
    bool PurchaseReleaseArtifacts,
    long Line);
