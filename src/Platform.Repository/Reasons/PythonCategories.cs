namespace Platform.Repository.Reasons;

/// <summary>
/// The earlier Python platform's reason categories: two-digit IDs, its default registry, and the
/// category a reason without <c>category_id</c> had there (SPEC section 3).
/// </summary>
public static class PythonCategories
{
    public const string GlobalDefault = "16";
    public const string ModuleDefault = "01";

    /// <summary>(category_id, category_name, category_description) of its default registry.</summary>
    public static IReadOnlyList<(string Id, string Name, string Description)> Registry { get; } =
    [
        ("01", "Acquisition", "Fetching or producing the module's input data failed"),
        ("12", "Caching", "Reuse of cached module outputs"),
        ("14", "Validation", "Inputs or outputs are missing or invalid"),
        ("15", "Access Control", "The tenant may not use a resource"),
        ("16", "Billing", "Credits, prices and promotions"),
        ("99", "Other", "Any other failure"),
    ];

    public static bool IsTwoDigits(string text) => text.Length == 2 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[1]);
}
