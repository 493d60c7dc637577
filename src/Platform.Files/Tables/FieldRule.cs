using System.Runtime.CompilerServices;
using Platform.Domain;
using Platform.Domain.Ids;
using Platform.Domain.Time;

namespace Platform.Files.Tables;

/// <summary>
/// What one column of a state table may hold. <see cref="Problem"/> says why a value is wrong, or null.
/// State files hold millions of rows, so the common rules first run a cheap check that accepts every
/// valid value, and build a message only for a value it rejects.
/// </summary>
public abstract record FieldRule
{
    public static readonly FieldRule AnyText = new TextRule();
    public static readonly FieldRule Amount = new AmountRule();

    /// <summary>A price or a promotion's value: whole credits, zero or more (a negative price would be a SPEND that pays the tenant).</summary>
    public static readonly FieldRule Price = new PriceRule();
    public static readonly FieldRule Time = new TimestampRule(Optional: false);
    public static readonly FieldRule OptionalTime = new TimestampRule(Optional: true);

    /// <summary>Empty (open), a timestamp, or a date <c>yyyy-MM-dd</c> (midnight UTC): validity windows in admin config.</summary>
    public static readonly FieldRule OptionalDateOrTime = new DateOrTimeRule();
    public static readonly FieldRule Json = new JsonObjectRule();

    public static FieldRule Id(IdKind kind) => new IdRule(kind, Optional: false);

    public static FieldRule OptionalId(IdKind kind) => new IdRule(kind, Optional: true);

    public static FieldRule OneOf(params string[] values) => new OneOfRule(values);

    public abstract string? Problem(ReadOnlySpan<char> value);

    private sealed record TextRule : FieldRule
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override string? Problem(ReadOnlySpan<char> value) => null;
    }

    private sealed record AmountRule : FieldRule
    {
        /// <summary>Up to 18 digits always fit in a 64-bit amount; longer ones go through the full parser.</summary>
        private const int SafeDigits = 18;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override string? Problem(ReadOnlySpan<char> value)
        {
            var digits = value.Length > 0 && value[0] == '-' ? value[1..] : value;
            if (digits.Length is > 0 and <= SafeDigits && !digits.ContainsAnyExceptInRange('0', '9'))
            {
                return null;
            }
            return Credits.TryParse(value, out _) ? null : "is not a whole number of credits";
        }
    }

    private sealed record PriceRule : FieldRule
    {
        public override string? Problem(ReadOnlySpan<char> value) =>
            Amount.Problem(value) ?? (value.StartsWith('-') ? "is negative; prices are zero or more credits" : null);
    }

    private sealed record TimestampRule(bool Optional) : FieldRule
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override string? Problem(ReadOnlySpan<char> value) =>
            (Optional && value.IsEmpty) || Timestamp.IsValid(value) ? null : "is not a UTC timestamp like 2026-01-04T18:37:22Z";
    }

    private sealed record DateOrTimeRule : FieldRule
    {
        public override string? Problem(ReadOnlySpan<char> value) =>
            value.IsEmpty || Timestamp.TryParseDateOrTime(value, out _) ? null : "is not a UTC timestamp like 2026-01-04T18:37:22Z or a date like 2026-01-04";
    }

    private sealed record IdRule(IdKind Kind, bool Optional) : FieldRule
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override string? Problem(ReadOnlySpan<char> value)
        {
            if ((Optional && value.IsEmpty) || (value.Length == Kind.Length && IsBase62(value)))
            {
                return null;
            }
            var problem = Base62.Problem(Kind, value);
            return problem is null ? null : $"invalid {Kind.Name}: {problem}";
        }

        private static readonly bool[] IsBase62Character = BuildBase62Table();

        /// <summary>One table lookup a character: IDs are short, too short for a vectorised search to pay.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool IsBase62(ReadOnlySpan<char> value)
        {
            var table = IsBase62Character;
            foreach (var c in value)
            {
                if (c >= table.Length || !table[c])
                {
                    return false;
                }
            }
            return true;
        }

        private static bool[] BuildBase62Table()
        {
            var table = new bool[128];
            foreach (var c in Base62.Alphabet)
            {
                table[c] = true;
            }
            return table;
        }
    }

    private sealed record OneOfRule(string[] Values) : FieldRule
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override string? Problem(ReadOnlySpan<char> value)
        {
            foreach (var allowed in Values)
            {
                if (value.SequenceEqual(allowed))
                {
                    return null;
                }
            }
            return $"must be one of {string.Join('|', Values)}";
        }
    }

    /// <summary>
    /// Empty, or a JSON object. The cheap shape check runs on every row; postings that carry an
    /// idempotency key are parsed in full by the ledger checker.
    /// </summary>
    private sealed record JsonObjectRule : FieldRule
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public override string? Problem(ReadOnlySpan<char> value)
        {
            if (value.IsEmpty)
            {
                return null;
            }
            var trimmed = value.Trim();
            return trimmed.Length >= 2 && trimmed[0] == '{' && trimmed[^1] == '}' ? null : "is not a JSON object";
        }
    }
}
