using Platform.Domain.Errors;

namespace Platform.Maintenance.Running;

/// <summary>How a stale generated file is reported.</summary>
public static class StaleFile
{
    public const string Message = "is stale: run platform maintenance";

    public static Violation Violation(string relativePath) => new(relativePath, null, null, null, Message);
}
