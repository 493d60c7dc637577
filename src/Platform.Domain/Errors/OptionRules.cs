namespace Platform.Domain.Errors;

/// <summary>
/// The checks options records make on themselves (their <c>Validated()</c>): each broken rule is an
/// <see cref="ArgumentException"/> naming the option, its value and the rule, raised before any work starts.
/// </summary>
public static class OptionRules
{
    public static void Require(bool holds, string option, object? value, string rule)
    {
        if (!holds)
        {
            throw new ArgumentException($"{option}={value ?? "null"}: {rule}");
        }
    }

    public static void Positive(TimeSpan value, string option) => Require(value > TimeSpan.Zero, option, value, "must be positive");

    public static void NotNegative(TimeSpan value, string option) => Require(value >= TimeSpan.Zero, option, value, "must not be negative");

    public static void Positive(long value, string option) => Require(value > 0, option, value, "must be positive");
}
