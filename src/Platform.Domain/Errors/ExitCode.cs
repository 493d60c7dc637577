namespace Platform.Domain.Errors;

/// <summary>Process exit codes, as the command contract fixes them.</summary>
public enum ExitCode
{
    Success = 0,
    Unexpected = 1,
    BadInput = 2,
    StateConflict = 3,
    StoreUnavailable = 4,
}
