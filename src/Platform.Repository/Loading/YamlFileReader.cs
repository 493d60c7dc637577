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
        var path = RepositoryPaths.Full(repoRoot, relative);
        if (!File.Exists(path))
        {
            if (required)
            {
                errors.Add(new Violation(relative, null, null, null, "is missing"));
            }
            return null;
        }
        var info = new FileInfo(path);
        if (info.Length > MaxBytes)
        {
            errors.Add(new Violation(relative, null, null, info.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), $"is larger than {MaxBytes} bytes"));
            return null;
        }
        return File.ReadAllBytes(path);
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
