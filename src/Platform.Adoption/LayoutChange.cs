namespace Platform.Adoption;

/// <summary>
/// One change adopt makes to a repository's files: a file moved, written (added or replaced) or
/// removed. <see cref="Line"/> is how it is reported, one line per change.
/// </summary>
public sealed record LayoutChange(LayoutChangeKind Kind, string Path, string? From = null, byte[]? Bytes = null, bool Executable = false)
{
    public string Line(bool dryRun) => (dryRun ? "would " : "") + Kind switch
    {
        LayoutChangeKind.Move => $"{Verb("move", "moved", dryRun)} {From} -> {Path}",
        LayoutChangeKind.Add => $"{Verb("add", "added", dryRun)} {Path}",
        LayoutChangeKind.Replace => $"{Verb("replace", "replaced", dryRun)} {Path}",
        _ => $"{Verb("remove", "removed", dryRun)} {Path}" + (From is null ? "" : $" (same as {From})"),
    };

    private static string Verb(string present, string past, bool dryRun) => dryRun ? present : past;

    /// <summary>Carries the change out, each file written atomically.</summary>
    public void Apply(string root)
    {
        var target = System.IO.Path.Combine(root, Path);
        switch (Kind)
        {
            case LayoutChangeKind.Move:
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                File.Move(System.IO.Path.Combine(root, From!), target);
                break;
            case LayoutChangeKind.Add or LayoutChangeKind.Replace:
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
                AtomicFile.WriteAllBytes(target, Bytes);
                if (Executable && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
                }
                break;
            default:
                File.Delete(target);
                break;
        }
    }
}

public enum LayoutChangeKind
{
    Move,
    Add,
    Replace,
    Remove,
}
