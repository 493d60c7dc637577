namespace Platform.Files.Files;

/// <summary>
/// A folder that refuses writes for good — read-only (EROFS), full (ENOSPC, EDQUOT) or not ours to
/// write (EACCES, EPERM) — as opposed to a lock another process holds, which is worth waiting for.
/// Retrying cannot help, so callers report it at once as a store refusal (exit 4).
/// </summary>
public static class DiskRefusal
{
    /// <summary>EWOULDBLOCK: the errno .NET reports when another process holds an exclusive lock.</summary>
    public const int LockHeld = 11;

    private const int NoSpace = 28;
    private const int ReadOnly = 30;
    private const int QuotaExceeded = 122;

    /// <summary>True when retrying the operation cannot succeed: the folder itself refuses.</summary>
    public static bool Is(Exception e) =>
        e is UnauthorizedAccessException || e is IOException { HResult: NoSpace or ReadOnly or QuotaExceeded };

    /// <summary>One line naming the path and the cause (.NET's messages carry both).</summary>
    public static string Describe(Exception e) =>
        $"{e.Message.Trim()} (a read-only, full or unwritable store or state folder: retrying cannot help)";
}
