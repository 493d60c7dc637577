using Platform.Domain.Errors;
using Platform.Repository.Yaml;

namespace Platform.Repository.Loading;

/// <summary>Reads one YAML file of the repository by relative path: missing, unreadable or unparsable files become errors.</summary>
public static class YamlFileReader
{
    /// <summary>A generous bound: admin YAML files are a few KiB; anything this large is a mistake.</summary>
    public const long MaxBytes = 4 << 20;

    public static byte[]? ReadBytes(string repoRoot, string relative, ICollection<Violation> errors, bool required = true)
    {
        // One open per file (no separate exists/size calls): large repositories hold thousands of these.
        // A bare handle rather than a FileStream: the bytes are read whole, in one call.
        Microsoft.Win32.SafeHandles.SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(RepositoryPaths.Full(repoRoot, relative), FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            if (required)
            {
                errors.Add(new Violation(relative, null, null, null, "is missing"));
            }
            return null;
        }
        using (handle)
        {
            var length = RandomAccess.GetLength(handle);
            if (length > MaxBytes)
            {
                errors.Add(new Violation(relative, null, null, length.ToString(System.Globalization.CultureInfo.InvariantCulture), $"is larger than {MaxBytes} bytes"));
                return null;
            }
            var bytes = new byte[length];
            var filled = 0;
            while (filled < bytes.Length)
            {
                var read = RandomAccess.Read(handle, bytes.AsSpan(filled), filled);
                if (read == 0)
                {
                    // The file shrank while being read: keep what is there.
                    return bytes[..filled];
                }
                filled += read;
            }
            return bytes;
        }
    }

    public static YamlFields? Read(string repoRoot, string relative, ICollection<Violation> errors, bool required = true)
    {
        var bytes = ReadBytes(repoRoot, relative, errors, required);
        return bytes is null ? null : Parse(bytes, relative, errors);
    }

    public static YamlFields? Parse(byte[] bytes, string relative, ICollection<Violation> errors)
    {
        var root = YamlText.ParseMapping(bytes, relative, errors);
        return root is null ? null : new YamlFields(root, relative, errors);
    }
}
