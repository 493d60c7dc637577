namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Turns run.command[0] into the absolute path of the program. The runner resolves it itself
/// because .NET would search the platform's current and application folders before PATH, and the
/// platform's PATH rather than the one the module is given.
/// </summary>
internal static class CommandResolver
{
    /// <summary>The program's path, or null with the problem.</summary>
    public static string? Resolve(string program, string moduleDirectory, string searchPath, out string? problem)
    {
        problem = null;
        if (program.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(Path.Combine(moduleDirectory, program));
            if (IsExecutableFile(path))
            {
                return path;
            }
            problem = File.Exists(path) ? $"'{path}' is not executable" : $"'{path}' does not exist";
            return null;
        }
        foreach (var directory in searchPath.Split(':'))
        {
            // An empty or relative PATH entry would mean "wherever the platform happens to run".
            if (!Path.IsPathRooted(directory))
            {
                continue;
            }
            var candidate = Path.Combine(directory, program);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }
        problem = $"'{program}' was not found on PATH";
        return null;
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
