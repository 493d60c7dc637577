namespace Platform.Orchestration.ModuleRunner.Workers;

/// <summary>
/// Keeps a worker's result line as the run's result.json, so a worker's run folder reads like a
/// process run's and the same checks (<see cref="ResultFile"/>) apply to it.
/// </summary>
internal static class WorkerResult
{
    /// <summary>False, with the reason, when the worker put something at result.json itself (the file is never opened through it).</summary>
    public static bool Keep(string path, byte[]? line, out string? problem)
    {
        try
        {
            // CreateNew is O_EXCL: it neither follows a link nor opens a FIFO the worker left there.
            using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1);
            file.Write(line ?? []);
            file.Write("\n"u8);
            problem = null;
            return true;
        }
        catch (IOException)
        {
            problem = "the run folder already held a result.json when the worker answered";
            return false;
        }
    }
}
