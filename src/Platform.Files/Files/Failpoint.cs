using System.Diagnostics;

namespace Platform.Files.Files;

/// <summary>
/// Crash injection for the crash-safety tests: when <c>PLATFORM_FAILPOINT</c> names a point (optionally
/// <c>name@N</c> for its N-th hit), the process kills itself there with SIGKILL, exactly as an operator's
/// kill -9 or a lost runner would, with no cleanup. Unset in production, it costs one string compare.
/// </summary>
public static class Failpoint
{
    private static readonly string? Target = Environment.GetEnvironmentVariable("PLATFORM_FAILPOINT");
    private static int hits;

    public static void Hit(string name)
    {
        if (Target is null)
        {
            return;
        }
        var at = Target.IndexOf('@', StringComparison.Ordinal);
        var point = at < 0 ? Target : Target[..at];
        var nth = at < 0 ? 1 : int.Parse(Target[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (point == name && Interlocked.Increment(ref hits) == nth)
        {
            Process.GetCurrentProcess().Kill();
        }
    }
}
