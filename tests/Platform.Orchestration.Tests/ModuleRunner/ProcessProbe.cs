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
}
