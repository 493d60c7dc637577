using System.Globalization;

namespace Platform.Orchestration.Tests.ModuleRunner;

/// <summary>Whether a pid is a live process. A zombie (killed, not yet reaped by whoever adopted it) counts as dead.</summary>
internal static class ProcessProbe
{
    public static bool IsAlive(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        // Format: "pid (comm) S ...": the state follows the last ')', since comm may hold one.
        var state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is not ('Z' or 'X');
    }

    public static int ReadPid(string path) =>
        int.Parse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a live process on this machine has <paramref name="argument"/> among its arguments. Found
    /// through the host's /proc, so it also sees processes inside sandboxes, whose own pids mean nothing here.
    /// </summary>
    public static bool IsRunning(string argument)
    {
        var wanted = System.Text.Encoding.UTF8.GetBytes("\0" + argument + "\0");
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            byte[] cmdline;
            try
            {
                cmdline = File.ReadAllBytes(Path.Combine(entry, "cmdline"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            if (cmdline.AsSpan().IndexOf(wanted) >= 0 && IsAlive(pid))
            {
                return true;
            }
        }
        return false;
    }
}
