namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// Checks one entry of a result's <c>files</c> list: a relative path naming an existing regular file
/// that is inside the outputs folder after every symbolic link is resolved.
/// </summary>
internal static class OutputFileCheck
{
    /// <summary>
    /// The entry in canonical form ('/'-separated, no '.' or empty segments), or null with the problem.
    /// <paramref name="realOutputsDirectory"/> must itself be resolved already.
    /// </summary>
    public static string? Check(string realOutputsDirectory, string entry, int maxLength, out string? problem)
    {
        problem = entry.Length == 0 ? "is empty"
            : entry.Length > maxLength ? $"is longer than {maxLength} characters"
            : entry.Contains('\0', StringComparison.Ordinal) ? "contains a NUL character"
            : Path.IsPathRooted(entry) ? "is absolute"
            : null;
        if (problem is not null)
        {
            return null;
        }
        var segments = entry.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        // Any '..' is refused, even one that would land back inside: the contract names it outside.
        if (segments.Contains(".."))
        {
            problem = "contains '..'";
            return null;
        }
        if (segments.Count == 0)
        {
            problem = "names the outputs folder itself";
            return null;
        }
        var relative = string.Join('/', segments);
        // Opened, not only looked at: a FIFO or device listed as an output fails here, and so does a
        // link that leads out of the folder.
        return RegularFile.IsReadable(realOutputsDirectory, relative, RegularFile.Links.Beneath, out problem) ? relative : null;
    }
}
