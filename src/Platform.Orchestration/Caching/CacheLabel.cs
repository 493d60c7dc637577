using System.Globalization;
using Platform.Domain.Time;

namespace Platform.Orchestration.Caching;

/// <summary>
/// The label a cache asset carries in the store: its archive's sha256 and the cache's expiry, e.g.
/// <c>sha256:&lt;64 hex&gt; expires:2026-01-11T18:37:22Z</c>. The hash lets an upload that lost its
/// answer be told from an older cache of the same key; the expiry lets eviction find expired caches
/// from the store's listing alone. Caches saved before labels existed carry none.
/// </summary>
public sealed record CacheLabel(string Sha256, DateTimeOffset ExpiresAt)
{
    private const string HashPrefix = "sha256:";
    private const string ExpiresPrefix = "expires:";

    public string Text => string.Create(CultureInfo.InvariantCulture, $"{HashPrefix}{Sha256} {ExpiresPrefix}{Timestamp.ToText(ExpiresAt)}");

    /// <summary>The label <see cref="Text"/> wrote, or null for any other (or no) label.</summary>
    public static CacheLabel? Parse(string? label)
    {
        var parts = label?.Split(' ');
        if (parts is not { Length: 2 } || !parts[0].StartsWith(HashPrefix, StringComparison.Ordinal) || !parts[1].StartsWith(ExpiresPrefix, StringComparison.Ordinal))
        {
            return null;
        }
        var hash = parts[0][HashPrefix.Length..];
        return hash.Length == 64 && hash.All(char.IsAsciiHexDigitLower) && Timestamp.TryParse(parts[1].AsSpan(ExpiresPrefix.Length), out var expires)
            ? new CacheLabel(hash, expires)
            : null;
    }
}
