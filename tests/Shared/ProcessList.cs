using System.Globalization;

namespace Platform.Tests.Shared;

/// <summary>The host's processes, seen through /proc: also those inside sandboxes, whose own pids mean nothing here.</summary>
public static class ProcessList
{
    /// <summary>Whether a live (not zombie) process has <paramref name="argument"/> among its arguments.</summary>
    public static bool Running(string argument) => Find(argument) is not null;

    /// <summary>Waits until no live process has <paramref name="argument"/>; false if one still runs after <paramref name="limit"/>.</summary>
    public static bool WaitGone(string argument, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (Find(argument) is { } pid)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.WaitForExit(deadline - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
            }
            catch (ArgumentException)
            {
                // Gone between the scan and the look-up.
            }
            if (DateTime.UtcNow >= deadline)
            {
                return Find(argument) is null;
            }
        }
        return true;
    }

    /// <summary>The pid of a live process with <paramref name="argument"/> among its arguments, if any.</summary>
    public static int? Find(string argument)
    {
        var wanted = System.Text.Encoding.UTF8.GetBytes("\0" + argument + "\0");
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X')
                    && File.ReadAllBytes(Path.Combine(entry, "cmdline")).AsSpan().IndexOf(wanted) >= 0)
                {
                    return pid;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return null;
    }
}
