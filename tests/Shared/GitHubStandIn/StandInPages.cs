using System.Globalization;

namespace Platform.Tests.Shared;

/// <summary>
/// GitHub's pagination: <c>per_page</c> (default 30, at most 100) and <c>page</c> (from 1), and a
/// <c>Link</c> header with <c>prev</c>, <c>next</c>, <c>last</c> and <c>first</c> as they apply,
/// pointing, as GitHub's do, at the repository by its numeric ID.
/// </summary>
internal static class StandInPages
{
    public const int DefaultPerPage = 30;
    public const int MaxPerPage = 100;

    public static (IReadOnlyList<T> Items, (string Name, string Value)[] Headers) Page<T>(IReadOnlyList<T> all, StandInRequest request, string linkBase)
    {
        var askedPerPage = Number(request, "per_page");
        var perPage = Math.Clamp(askedPerPage ?? DefaultPerPage, 1, MaxPerPage);
        var page = Math.Max(1, Number(request, "page") ?? 1);
        var last = Math.Max(1, (all.Count + perPage - 1) / perPage);
        var items = all.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * perPage)).Take(perPage).ToList();
        string Url(int number) => askedPerPage is null
            ? $"<{linkBase}?page={number}>"
            : $"<{linkBase}?per_page={askedPerPage.Value.ToString(CultureInfo.InvariantCulture)}&page={number.ToString(CultureInfo.InvariantCulture)}>";
        var links = new List<string>();
        if (page > 1)
        {
            links.Add($"{Url(Math.Min(page - 1, last))}; rel=\"prev\"");
        }
        if (page < last)
        {
            links.Add($"{Url(page + 1)}; rel=\"next\"");
            links.Add($"{Url(last)}; rel=\"last\"");
        }
        if (page > 1)
        {
            links.Add($"{Url(1)}; rel=\"first\"");
        }
        return (items, links.Count == 0 ? [] : [("Link", string.Join(", ", links))]);
    }

    private static int? Number(StandInRequest request, string name) =>
        request.Query.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
}
