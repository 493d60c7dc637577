using Platform.Domain.Errors;

namespace Platform.Repository.Config;

/// <summary>The top-up methods of <c>config/billing/topup_instructions.csv</c>.</summary>
public sealed class TopupMethods(IReadOnlyList<TopupMethod> methods)
{
    private static readonly string DisplayPath = BillingConfigReader.RelativePath(ConfigTables.TopupInstructions);

    public static TopupMethods Load(string repoRoot) => new(BillingConfigReader.ReadOrThrow(repoRoot, BillingConfigReader.ReadTopupMethods));

    public IReadOnlyList<TopupMethod> All => methods;

    public TopupMethod? Find(string id) => methods.FirstOrDefault(m => m.Id.Value == id);

    /// <summary>The method, which must exist and be enabled; otherwise a bad-input error naming the field.</summary>
    public TopupMethod RequireEnabled(string id, string field)
    {
        var parsed = TopupMethodId.Parse(id, field);
        var method = Find(parsed.Value)
            ?? throw PlatformException.BadInput(new Violation(DisplayPath, null, field, id, "names no top-up method"));
        return method.Enabled
            ? method
            : throw PlatformException.BadInput(new Violation(DisplayPath, method.Row, field, id, "names a disabled top-up method"));
    }
}
