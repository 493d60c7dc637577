namespace Platform.Domain;

/// <summary>
/// A sum of credits beyond the 64-bit range. Commands report it as bad input (exit 2, one line,
/// nothing written); the orchestrator fails only the work order it concerns.
/// </summary>
public sealed class CreditOverflowException : OverflowException
{
    public CreditOverflowException()
    {
    }

    public CreditOverflowException(string message)
        : base(message)
    {
    }

    public CreditOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static CreditOverflowException Of(long a, string op, long b) =>
        new($"credit overflow: {a} {op} {b} is beyond the 64-bit range of a credit amount");
}
