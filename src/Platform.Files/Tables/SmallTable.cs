using Platform.Domain.Errors;

namespace Platform.Files.Tables;

/// <summary>
/// Reads a small, admin-edited table whole (config CSVs, maintenance registries): every problem is
/// added to <c>errors</c> under the file's repository-relative name. Null when the file is missing,
/// so each caller decides whether that is an error.
/// </summary>
public static class SmallTable
{
    public static TableScan? Read(string path, string relativeName, TableSchema table, ICollection<Violation> errors)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        var log = new ViolationLog();
        var scan = new TableScan(table, log);
        try
        {
            scan.ScanFile(path);
        }
        catch (System.Text.DecoderFallbackException)
        {
            errors.Add(new Violation(relativeName, null, null, null, "is not valid UTF-8"));
            scan.ResetRows();
            return scan;
        }
        foreach (var violation in log.Violations)
        {
            errors.Add(violation with { File = relativeName });
        }
        return scan;
    }
}
