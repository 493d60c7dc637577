using System.Globalization;
using Platform.Domain.Ids;
using Platform.Domain.Time;

namespace Platform.State.Tables.Rows;

/// <summary>
/// One row of cache_index.csv: which cache (an asset of the cache store's release) holds a module's
/// outputs for a cache key, and until when. Reads and writes its fields by the schema's column names,
/// so no other code knows their order.
/// </summary>
/// <param name="CacheId">The cache asset's store ID; empty while not yet known (filled by cache-prune).</param>
public sealed record CacheIndexRow(string CacheKey, TenantId Tenant, ModuleId Module, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, string CacheId)
{
    private static readonly TableSchema Table = BillingTables.CacheIndex;
    private static readonly int KeyColumn = Table.IndexOf("cache_key");
    private static readonly int TenantColumn = Table.IndexOf("tenant_id");
    private static readonly int ModuleColumn = Table.IndexOf("module_id");
    private static readonly int CreatedColumn = Table.IndexOf("created_at");
    private static readonly int ExpiresColumn = Table.IndexOf("expires_at");
    private static readonly int IdColumn = Table.IndexOf("cache_id");

    /// <summary>A row as the table scan checked it (every field valid for its column).</summary>
    public static CacheIndexRow Read(IReadOnlyList<string> fields) => new(
        fields[KeyColumn],
        TenantId.Parse(fields[TenantColumn], "tenant_id"),
        ModuleId.Parse(fields[ModuleColumn], "module_id"),
        Time(fields[CreatedColumn]),
        Time(fields[ExpiresColumn]),
        fields[IdColumn]);

    public static CacheIndexRow Of(string cacheKey, TenantId tenant, ModuleId module, DateTimeOffset created, DateTimeOffset expires, long cacheId) =>
        new(cacheKey, tenant, module, created, expires, cacheId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The whole index as rows to write: <paramref name="added"/> in place of older rows of their key, sorted by key.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Merge(IEnumerable<CacheIndexRow> current, IEnumerable<CacheIndexRow> added)
    {
        var rows = current.ToDictionary(r => r.CacheKey, StringComparer.Ordinal);
        foreach (var row in added)
        {
            rows[row.CacheKey] = row;
        }
        return rows.Values.OrderBy(r => r.CacheKey, StringComparer.Ordinal).Select(r => r.Fields()).ToList();
    }

    public IReadOnlyList<string> Fields()
    {
        var fields = new string[Table.Columns.Count];
        fields[KeyColumn] = CacheKey;
        fields[TenantColumn] = Tenant.Value;
        fields[ModuleColumn] = Module.Value;
        fields[CreatedColumn] = Timestamp.ToText(CreatedAt);
        fields[ExpiresColumn] = Timestamp.ToText(ExpiresAt);
        fields[IdColumn] = CacheId;
        return fields;
    }

    private static DateTimeOffset Time(string text) =>
        Timestamp.TryParse(text, out var instant) ? instant : throw new FormatException($"cache_index.csv: '{text}' is not a timestamp");
}
