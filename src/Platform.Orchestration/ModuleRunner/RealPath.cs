using System.Runtime.InteropServices;

namespace Platform.Orchestration.ModuleRunner;

/// <summary>
/// realpath(3): the canonical path with every symbolic link resolved, in every component.
/// .NET's own APIs resolve only the last component, which a symlinked directory inside outputs/ would slip past.
/// </summary>
internal static partial class RealPath
{
    /// <summary>The resolved path, or null when the path (or a link on the way) does not exist.</summary>
    public static string? Resolve(string path)
    {
        var resolved = realpath(path, IntPtr.Zero);
        if (resolved == IntPtr.Zero)
        {
            return null;
        }
        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial IntPtr realpath(string path, IntPtr resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void free(IntPtr pointer);
}
