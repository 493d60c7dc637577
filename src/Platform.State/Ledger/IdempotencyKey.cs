using System.Buffers;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Platform.State.Ledger;

/// <summary>
/// Idempotency keys live in a posting's <c>metadata_json</c> as <c>"idem"</c>. Large ledgers keep
/// them as 128-bit hashes (xxHash128): a million keys fit in a few dozen MiB, and an accidental
/// collision is as likely as guessing a random 128-bit number.
/// </summary>
public static class IdempotencyKey
{
    public const string Property = "idem";

    public static UInt128 Hash(ReadOnlySpan<char> key) => XxHash128.HashToUInt128(MemoryMarshal.AsBytes(key));

    /// <summary>
    /// Finds the top-level <c>"idem"</c> string of a metadata object. Returns false when the
    /// metadata is not valid JSON; <paramref name="key"/> is null when it has no key.
    /// </summary>
    public static bool TryFind(ReadOnlySpan<char> metadataJson, out string? key)
    {
        key = null;
        if (metadataJson.IndexOf("\"idem\"", StringComparison.Ordinal) < 0)
        {
            return true;
        }
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(metadataJson.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(metadataJson, rented);
            var reader = new Utf8JsonReader(rented.AsSpan(0, length));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKey = reader.ValueTextEquals(Property);
                reader.Read();
                if (isKey && reader.TokenType == JsonTokenType.String)
                {
                    key = reader.GetString();
                }
                reader.Skip();
            }
            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (JsonException)
        {
            return false;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
