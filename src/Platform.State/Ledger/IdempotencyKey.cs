using System.Buffers;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text;

namespace Platform.State.Ledger;

/// <summary>
/// Idempotency keys live in a posting's <c>metadata_json</c> as <c>"idem"</c>. Large ledgers keep
/// them as 128-bit hashes (xxHash128): a million keys fit in a few dozen MiB, and an accidental
/// collision is as likely as guessing a random 128-bit number.
/// </summary>
public static class IdempotencyKey
{
    public const string Property = "idem";

    /// <summary>The usual metadata of a posting: the key alone, or first (this platform writes it first).</summary>
    private const string KeyFirst = "{\"idem\":\"";

    /// <summary>Ends a JSON string in the fast path; anything else here (escapes, control characters) needs the full reader.</summary>
    private static readonly SearchValues<char> StringEndOrSpecial = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F");

    private const int StackLimit = 512;

    public static UInt128 Hash(ReadOnlySpan<char> key) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key));

    /// <summary>
    /// Finds the top-level <c>"idem"</c> string of a metadata object. Returns false when the
    /// metadata is not valid JSON; <paramref name="key"/> is null when it has no key.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> metadataJson, out string? key)
    {
        Span<char> buffer = metadataJson.Length <= StackLimit ? stackalloc char[StackLimit] : new char[metadataJson.Length];
        var found = TryFindWithReader(metadataJson, Property, buffer, out var length);
        key = length >= 0 ? new string(buffer[..length]) : null;
        return found;
    }

    /// <summary>
    /// The top-level string <paramref name="property"/> of a metadata object (such as a top-up's
    /// <c>topup_method_id</c>), found as the key is; "" when absent, not a string or not valid JSON.
    /// </summary>
    public static string TextOf(ReadOnlySpan<char> metadataJson, string property)
    {
        Span<char> buffer = metadataJson.Length <= StackLimit ? stackalloc char[StackLimit] : new char[metadataJson.Length];
        return TryFindWithReader(metadataJson, property, buffer, out var length) && length >= 0 ? new string(buffer[..length]) : "";
    }

    /// <summary>
    /// Like <see cref="TryFind"/>, but hands back the key's hash and allocates nothing: it runs once
    /// per ledger row. Metadata holding exactly <c>{"idem":"…"}</c> with a plain key (no escapes) is
    /// sliced directly; anything else goes through the JSON reader.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryFindHash(ReadOnlySpan<char> metadataJson, out UInt128 hash, out bool hasKey)
    {
        if (metadataJson.StartsWith(KeyFirst, StringComparison.Ordinal))
        {
            var rest = metadataJson[KeyFirst.Length..];
            var end = rest.IndexOfAny(StringEndOrSpecial);
            if (end >= 0 && rest[end] == '"' && rest[(end + 1)..].SequenceEqual("}"))
            {
                hash = Hash(rest[..end]);
                hasKey = true;
                return true;
            }
        }
        Span<char> buffer = metadataJson.Length <= StackLimit ? stackalloc char[StackLimit] : new char[metadataJson.Length];
        var valid = TryFindWithReader(metadataJson, Property, buffer, out var length);
        hasKey = length >= 0;
        hash = hasKey ? Hash(buffer[..length]) : default;
        return valid;
    }

    /// <summary>The full JSON reader; the string <paramref name="property"/> is copied into <paramref name="key"/> (never longer than the metadata), its length -1 when absent.</summary>
    private static bool TryFindWithReader(ReadOnlySpan<char> metadataJson, string property, Span<char> key, out int length)
    {
        length = -1;
        if (metadataJson.IndexOf(property, StringComparison.Ordinal) < 0)
        {
            return true;
        }
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(metadataJson.Length));
        try
        {
            var byteCount = Encoding.UTF8.GetBytes(metadataJson, rented);
            var reader = new Utf8JsonReader(rented.AsSpan(0, byteCount));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKey = reader.ValueTextEquals(property);
                reader.Read();
                if (isKey && reader.TokenType == JsonTokenType.String)
                {
                    length = reader.CopyString(key);
                }
                reader.Skip();
            }
            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            // CopyString throws this for a string that is not valid UTF-8 after unescaping.
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
