using Platform.Domain.Errors;

namespace Platform.State.Stores.Releases;

/// <summary>
/// Checks tags, asset names and ref names once at the seam, so neither backend ever turns a name
/// into a path outside its folder or a URL that means something else.
/// </summary>
public static class StoreNames
{
    private const int MaxLength = 200;

    public static string Tag(string tag) => Plain(tag, "tag");

    public static string Asset(string name) => Plain(name, "asset name");

    /// <summary>A full ref name: <c>refs/</c> and at least two more plain segments.</summary>
    public static string Ref(string name)
    {
        var parts = name.Split('/');
        if (parts.Length < 3 || parts[0] != "refs")
        {
            throw PlatformException.BadInput(new Violation(null, null, "ref", name, "must look like refs/<kind>/<name>"));
        }
        foreach (var part in parts)
        {
            Plain(part, "ref");
        }
        return name;
    }

    private static string Plain(string value, string what)
    {
        var bad = value.Length == 0 || value.Length > MaxLength || value[0] == '.' || value.Trim() != value
            || value.Any(c => char.IsControl(c) || c is '/' or '\\' or ':' or '?' or '*' or '"' or '<' or '>' or '|');
        if (bad)
        {
            throw PlatformException.BadInput(new Violation(null, null, what, value,
                $"must be 1-{MaxLength} characters, not start with '.', and hold no separators, wildcards or control characters"));
        }
        return value;
    }
}
