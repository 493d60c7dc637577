namespace Platform.State.Transactions;

/// <summary>How a commit extends an append-only table: in place (trusted prefix) or on a copy committed by rename.</summary>
internal static class TableAppends
{
    /// <summary>Appends rows to a table in place (its old length is journalled) and flushes them to disk.</summary>
    public static void InPlace(string path, ReadOnlyMemory<byte> rows)
    {
        using var stream = new FileStream(path, FileMode.Append, FileAccess.Write);
        stream.Write(rows.Span);
        stream.Flush(flushToDisk: true);
        Failpoint.Hit("commit:append");
    }

    /// <summary>
    /// Copies an append-only table (or names the copy made while scanning), appends the new rows and
    /// flushes the copy to disk, so committing it is quick.
    /// </summary>
    public static void ToCopy(ScanCopy? copy, string source, string pending, ReadOnlyMemory<byte> rows)
    {
        if (copy is null || !TryLink(copy, pending))
        {
            File.Copy(source, pending, overwrite: true);
        }
        using var stream = new FileStream(pending, FileMode.Append, FileAccess.Write);
        stream.Write(rows.Span);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Names the scan's copy; false (and a plain copy follows) where the platform refuses, such as without /proc.</summary>
    private static bool TryLink(ScanCopy copy, string pending)
    {
        using (copy)
        {
            try
            {
                File.Delete(pending);
                copy.LinkTo(pending);
                return true;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
