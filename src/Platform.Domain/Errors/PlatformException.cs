namespace Platform.Domain.Errors;

/// <summary>
/// The one error type commands raise on purpose. It carries the exit code and every violation found,
/// so the CLI can print one line each.
/// </summary>
public sealed class PlatformException : Exception
{
    public PlatformException(ExitCode exitCode, IReadOnlyList<Violation> violations)
        : base(violations.Count == 0 ? exitCode.ToString() : violations[0].ToString())
    {
        ExitCode = exitCode;
        Violations = violations;
    }

    public PlatformException()
        : this(ExitCode.Unexpected, [])
    {
    }

    public PlatformException(string message)
        : this(ExitCode.Unexpected, [Violation.Of(message)])
    {
    }

    public PlatformException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCode.Unexpected;
        Violations = [Violation.Of(message)];
    }

    public ExitCode ExitCode { get; }

    public IReadOnlyList<Violation> Violations { get; }

    public static PlatformException BadInput(Violation violation) => new(ExitCode.BadInput, [violation]);

    public static PlatformException BadInput(IReadOnlyList<Violation> violations) => new(ExitCode.BadInput, violations);

    public static PlatformException BadInput(string message) => BadInput(Violation.Of(message));

    public static PlatformException Conflict(string message) => new(ExitCode.StateConflict, [Violation.Of(message)]);

    public static PlatformException StoreUnavailable(string message) => new(ExitCode.StoreUnavailable, [Violation.Of(message)]);
}
