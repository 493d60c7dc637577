namespace Platform.Domain.Errors;

/// <summary>
/// One broken rule or bad input, located as precisely as known: file, row (1 = header), field and value.
/// Renders as one line, e.g. <c>transactions.csv:12: amount_credits='-5': TOPUP must be positive</c>.
/// </summary>
public sealed record Violation(string? File, long? Row, string? Field, string? Value, string Message)
{
    public static Violation Of(string message) => new(null, null, null, null, message);

    public override string ToString()
    {
        var where = File is null ? "" : Row is null ? $"{File}: " : $"{File}:{Row}: ";
        var what = Field is null ? "" : Value is null ? $"{Field}: " : $"{Field}='{Printable(Value)}': ";
        return where + what + Message;
    }

    /// <summary>Keeps the line single: control characters are shown escaped, long values cut.</summary>
    private static string Printable(string value)
    {
        var text = value.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return text.Length > 120 ? text[..117] + "..." : text;
    }
}
