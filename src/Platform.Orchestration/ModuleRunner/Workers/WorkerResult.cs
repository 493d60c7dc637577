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
            // O_EXCL: it neither follows a link nor opens a FIFO the worker left there.
            problem = NewFile.TryWrite(path, [.. line ?? [], (byte)'\n']) ? null : "the run folder already held a result.json when the worker answered";
        }
        catch (IOException e)
        {
            problem = $"the platform could not keep the answer as result.json: {e.Message}";
        }
        return problem is null;
    }
}
