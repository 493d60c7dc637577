using Platform.Domain.Errors;
using Platform.Domain.Ids;

namespace Platform.Domain.Tests;

public class IdPolicyTests
{
    public static TheoryData<string> Kinds() => [.. IdKind.All.Select(k => k.Name)];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void New_ids_are_valid_distinct_and_use_the_whole_alphabet(string kindName)
    {
        var kind = IdKind.FindByName(kindName)!;
        var count = Math.Min(2_000, (int)Math.Min(int.MaxValue, Math.Pow(62, kind.Length) / 4));
        var ids = IdGenerator.NewValues(kind, count);

        Assert.Equal(count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id => Assert.True(Base62.IsValid(kind, id), id));
        var used = ids.SelectMany(id => id).ToHashSet();
        Assert.Equal(Base62.Alphabet.Length, used.Count);
    }

    [Fact]
    public void Generator_never_returns_a_taken_id()
    {
        var taken = IdGenerator.NewValues(IdKind.TopupMethod, 3_000).ToHashSet(StringComparer.Ordinal);
        var fresh = IdGenerator.NewValues(IdKind.TopupMethod, 40, taken.Contains);
        Assert.DoesNotContain(fresh, taken.Contains);
    }

    [Fact]
    public void Digits_are_uniform_enough_to_show_no_modulo_bias()
    {
        // 62 does not divide 256: a modulo would favour the first 8 digits by about 20 %.
        var counts = new int[62];
        foreach (var id in IdGenerator.NewValues(IdKind.Transaction, 40_000))
        {
            foreach (var c in id)
            {
                counts[Base62.DigitOf(c)]++;
            }
        }
        var expected = 40_000 * 8 / 62.0;
        var firstEight = counts.Take(8).Average();
        var rest = counts.Skip(8).Average();
        Assert.InRange(firstEight / rest, 0.95, 1.05);
        Assert.All(counts, c => Assert.InRange(c, expected * 0.9, expected * 1.1));
    }

    [Theory]
    [InlineData("tenant_id", "Ab12Cd", true)]
    [InlineData("tenant_id", "Ab12C", false)]
    [InlineData("tenant_id", "Ab12Cde", false)]
    [InlineData("tenant_id", "Ab-2Cd", false)]
    [InlineData("tenant_id", " b12Cd", false)]
    [InlineData("tenant_id", "Ab12C ", false)]
    [InlineData("tenant_id", "", false)]
    [InlineData("tenant_id", "Ab12Cé", false)]
    [InlineData("module_id", "U2T", true)]
    [InlineData("module_id", "u2t", true)]
    [InlineData("topup_method_id", "BT", true)]
    [InlineData("reason_code", "aB3dE9", true)]
    [InlineData("github_release_asset_id", "Rel00001", true)]
    [InlineData("work_order_id", "UbjkpxZO", true)]
    [InlineData("work_order_id", "UbjkpxZ_", false)]
    public void Check_accepts_exactly_the_valid_ids(string kindName, string value, bool valid)
    {
        Assert.Equal(valid, Base62.IsValid(IdKind.FindByName(kindName)!, value));
    }

    [Fact]
    public void Parse_error_names_the_id_type_field_and_value()
    {
        var error = Assert.Throws<PlatformException>(() => TenantId.Parse("Ab 2Cd", "--tenant-id"));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        var line = error.Violations.Single().ToString();
        Assert.Contains("--tenant-id", line, StringComparison.Ordinal);
        Assert.Contains("'Ab 2Cd'", line, StringComparison.Ordinal);
        Assert.Contains("tenant_id", line, StringComparison.Ordinal);
        Assert.Contains("whitespace", line, StringComparison.Ordinal);
    }
}
