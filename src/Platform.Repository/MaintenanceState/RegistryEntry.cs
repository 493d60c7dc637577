namespace Platform.Repository.MaintenanceState;

/// <summary>One row of ids/reason_registry.csv. <see cref="Current"/> is false for reasons no YAML declares any more: their codes stay reserved.</summary>
public sealed record RegistryEntry(
    string ReasonCode,
    string Scope,
    string ModuleId,
    string ReasonKey,
    string ReasonSlug,
    string CategoryId,
    string Description,
    bool Current)
{
    private static readonly TableSchema Table = MaintenanceTables.ReasonRegistry;

    public (string, string, string) Identity => (Scope, ModuleId, ReasonSlug);

    public string[] Fields => Table.RowOf(("reason_code", ReasonCode), ("scope", Scope), ("module_id", ModuleId), ("reason_key", ReasonKey),
        ("reason_slug", ReasonSlug), ("category_id", CategoryId), ("description", Description));

    /// <summary>A row read back from the file (not declared by any YAML until matched).</summary>
    public static RegistryEntry Read(IReadOnlyList<string> fields) => new(
        fields[Table.IndexOf("reason_code")], fields[Table.IndexOf("scope")], fields[Table.IndexOf("module_id")], fields[Table.IndexOf("reason_key")],
        fields[Table.IndexOf("reason_slug")], fields[Table.IndexOf("category_id")], fields[Table.IndexOf("description")], Current: false);
}

/// <summary>One row of ids/reason_policy.csv: whether a reason's failures are refunded.</summary>
public sealed record ReasonPolicyRow(string ReasonCode, bool Refundable, string Notes)
{
    private static readonly TableSchema Table = MaintenanceTables.ReasonPolicy;

    public string[] Fields => Table.RowOf(("reason_code", ReasonCode), ("refundable", Refundable ? "true" : "false"), ("notes", Notes));

    public static ReasonPolicyRow Read(IReadOnlyList<string> fields) =>
        new(fields[Table.IndexOf("reason_code")], fields[Table.IndexOf("refundable")] == "true", fields[Table.IndexOf("notes")]);
}
