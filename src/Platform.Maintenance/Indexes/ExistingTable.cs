using Platform.Domain.Errors;
using Platform.Repository.Config;
using Platform.Repository.Loading;

namespace Platform.Maintenance.Indexes;

/// <summary>
/// Reads back a maintenance-state file admins may edit. A missing file is empty; a damaged one
/// (header, IDs, duplicates) is a structural error, since regenerating over it would lose edits.
/// </summary>
public static class ExistingTable
{
    public static IReadOnlyList<IReadOnlyList<string>>? Read(string repoRoot, TableSchema table, ICollection<Violation> errors)
    {
        var relative = MaintenanceTables.RelativePath(table);
        var path = RepositoryPaths.Full(repoRoot, relative);
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
            errors.Add(new Violation(relative, null, null, null, "is not valid UTF-8"));
            return [];
        }
        foreach (var violation in log.Violations)
        {
            errors.Add(violation with { File = relative });
        }
        return scan.Rows;
    }
}
