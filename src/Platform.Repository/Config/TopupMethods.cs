using Platform.Domain.Errors;

namespace Platform.Repository.Config;

public sealed record TopupMethod(TopupMethodId Id, string Name, bool Enabled);

/// <summary>The top-up methods of <c>config/billing/topup_instructions.csv</c>.</summary>
public sealed class TopupMethods(IReadOnlyDictionary<string, TopupMethod> methods, string displayPath)
{
    public static TopupMethods Load(string repoRoot)
    {
        var table = ConfigTable.Read(repoRoot, ConfigTables.TopupInstructions);
        var methods = table.Rows.ToDictionary(
            r => r[0],
            r => new TopupMethod(TopupMethodId.Parse(r[0], "topup_method_id", table.DisplayPath), r[1], r[2] == "true"),
            StringComparer.Ordinal);
        return new TopupMethods(methods, table.DisplayPath);
    }

    public TopupMethod? Find(string id) => methods.GetValueOrDefault(id);

    /// <summary>The method, which must exist and be enabled; otherwise a bad-input error naming the field.</summary>
    public TopupMethod RequireEnabled(string id, string field)
    {
        var parsed = TopupMethodId.Parse(id, field);
        var method = Find(parsed.Value)
            ?? throw PlatformException.BadInput(new Violation(displayPath, null, field, id, "names no top-up method"));
        return method.Enabled
            ? method
            : throw PlatformException.BadInput(new Violation(displayPath, null, field, id, "names a disabled top-up method"));
    }
}
