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

    /// <summary>The ID of <paramref name="kind"/> whose Base62 digits spell <paramref name="packed"/> (the benchmarks' workload generator numbers IDs this way).</summary>
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
