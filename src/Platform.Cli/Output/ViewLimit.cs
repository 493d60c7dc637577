using Platform.Domain.Errors;

namespace Platform.Cli.Output;

/// <summary>The <c>--limit</c> of a list view: 0 (all) or a positive count.</summary>
public static class ViewLimit
{
    public static int Check(int limit) => limit >= 0
        ? limit
        : throw PlatformException.BadInput(new Violation(null, null, "--limit", limit.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 0 (all) or a positive count"));
}
