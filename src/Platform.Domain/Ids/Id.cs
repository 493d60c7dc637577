using System.Diagnostics.CodeAnalysis;
using Platform.Domain.Errors;

namespace Platform.Domain.Ids;

/// <summary>Marks the kind of an <see cref="Id{TKind}"/>; each kind is an empty class in IdKinds.cs.</summary>
public interface IIdKind
{
    static abstract IdKind Kind { get; }
}

/// <summary>
/// A validated platform ID. It cannot hold an invalid value: the only ways in are
/// <see cref="Parse"/> (which names the field on failure) and <see cref="TryParse"/>.
/// Aliases such as <c>TenantId</c> name the closed types.
/// </summary>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "Factory methods are the point of the type.")]
public readonly record struct Id<TKind> : IComparable<Id<TKind>>
    where TKind : IIdKind
{
    private readonly string? value;

    private Id(string value) => this.value = value;

    public string Value => value ?? throw new InvalidOperationException($"An unset {TKind.Kind.Name} was used.");

    public static IdKind Kind => TKind.Kind;

    /// <summary>Parses an ID or throws a bad-input error naming the ID type, the field (or file) and the value.</summary>
    public static Id<TKind> Parse(string? text, string field, string? file = null, long? row = null)
    {
        var problem = Base62.Problem(TKind.Kind, text ?? "");
        if (problem is not null)
        {
            throw PlatformException.BadInput(new Violation(file, row, field, text ?? "", $"invalid {TKind.Kind.Name}: {problem}"));
        }
        return new Id<TKind>(text!);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out Id<TKind> id)
    {
        id = default;
        if (!Base62.IsValid(TKind.Kind, text))
        {
            return false;
        }
        id = new Id<TKind>(text.ToString());
        return true;
    }

    /// <summary>Wraps a value the ID generator produced; the generator only produces valid IDs.</summary>
    internal static Id<TKind> FromGenerated(string value) => new(value);

    public int CompareTo(Id<TKind> other) => string.CompareOrdinal(value, other.value);

    public override string ToString() => value ?? "";
}
