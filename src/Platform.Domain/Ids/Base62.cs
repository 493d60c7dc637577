namespace Platform.Domain.Ids;

/// <summary>The Base62 alphabet <c>0-9A-Za-z</c> and the checks every ID goes through.</summary>
public static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static int DigitOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        >= 'a' and <= 'z' => c - 'a' + 36,
        _ => -1,
    };

    /// <summary>Why <paramref name="value"/> is not a valid ID of <paramref name="kind"/>, or null when it is.</summary>
    public static string? Problem(IdKind kind, ReadOnlySpan<char> value)
    {
        if (value.Length == 0)
        {
            return "is empty";
        }
        if (value.Length != kind.Length)
        {
            return $"has length {value.Length}, expected {kind.Length}";
        }
        foreach (var c in value)
        {
            if (DigitOf(c) < 0)
            {
                return c is ' ' or '\t' or '\r' or '\n'
                    ? "contains whitespace"
                    : $"contains '{c}', outside the Base62 alphabet 0-9A-Za-z";
            }
        }
        return null;
    }

    public static bool IsValid(IdKind kind, ReadOnlySpan<char> value) => Problem(kind, value) is null;

    /// <summary>
    /// Packs a valid ID of up to 10 characters into a number, one-to-one, so large ledgers can keep
    /// sets of IDs without keeping strings. Returns false when the text is not valid for the kind.
    /// </summary>
    public static bool TryPack(IdKind kind, ReadOnlySpan<char> value, out ulong packed)
    {
        packed = 0;
        if (value.Length != kind.Length || value.Length > 10)
        {
            return false;
        }
        foreach (var c in value)
        {
            var d = DigitOf(c);
            if (d < 0)
            {
                return false;
            }
            packed = (packed * 62) + (ulong)d;
        }
        return true;
    }

    public static string Unpack(IdKind kind, ulong packed)
    {
        Span<char> chars = stackalloc char[kind.Length];
        for (var i = kind.Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(packed % 62)];
            packed /= 62;
        }
        return new string(chars);
    }
}
