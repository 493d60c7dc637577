using System.Globalization;

namespace Platform.Tests.Shared;

/// <summary>The host's processes, seen through /proc: also those inside sandboxes, whose own pids mean nothing here.</summary>
public static class ProcessList
{
    /// <summary>Whether a live (not zombie) process has <paramref name="argument"/> among its arguments.</summary>
    public static bool Running(string argument)
    {
        var wanted = System.Text.Encoding.UTF8.GetBytes("\0" + argument + "\0");
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                continue;
            }
            try
            {
                var stat = File.ReadAllText(Path.Combine(entry, "stat"));
                if (stat[(stat.LastIndexOf(')') + 2)..][0] is not ('Z' or 'X')
                    && File.ReadAllBytes(Path.Combine(entry, "cmdline")).AsSpan().IndexOf(wanted) >= 0)
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }
        return false;
    }
}
