namespace Platform.Cli.Hosting;

/// <summary>"Did you mean": the known name closest to a mistyped one, if any is close.</summary>
public static class Suggestions
{
    public static string? Closest(string typed, IEnumerable<string> names)
    {
        var bare = typed.TrimStart('-');
        var best = names
            .Select(name => (Name: name, Distance: Distance(bare, name.TrimStart('-'))))
            .Where(c => c.Distance <= Math.Max(1, bare.Length / 3) || (bare.Length >= 3 && c.Name.TrimStart('-').StartsWith(bare, StringComparison.Ordinal)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name;
    }

    /// <summary>Edits (insert, delete, replace, swap of neighbours) that turn one text into the other.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
