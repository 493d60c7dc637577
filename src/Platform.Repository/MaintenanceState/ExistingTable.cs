using Platform.Domain.Errors;
using Platform.Repository.Config;
using Platform.Repository.Loading;

namespace Platform.Repository.MaintenanceState;

/// <summary>
/// Reads back a maintenance-state file admins may edit. A missing file gives null (the caller
/// decides what that means: most read it as no rows); a damaged one (header, IDs, duplicates) is a
/// structural error, since regenerating over it would lose edits.
/// </summary>
public static class ExistingTable
{
    public static IReadOnlyList<IReadOnlyList<string>>? Read(string repoRoot, TableSchema table, ICollection<Violation> errors)
    {
        var relative = MaintenanceTables.RelativePath(table);
        return SmallTable.Read(RepositoryPaths.Full(repoRoot, relative), relative, table, errors)?.Rows;
    }

}
