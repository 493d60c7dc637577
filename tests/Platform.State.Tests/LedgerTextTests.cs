using Platform.Domain;
using Platform.Domain.Ledger;
using Platform.State.Ledger;

namespace Platform.State.Tests;

public class LedgerTextTests
{
    [Theory]
    [InlineData("Ac7Kq2")]
    [InlineData("zzzzzzzz")]
    [InlineData("00000000")]
    [InlineData("T0pUp001")]
    [InlineData("0")]
    [InlineData("0000000000")]
    public void Packed_ids_unpack_to_themselves(string id)
    {
        Assert.True(LedgerText.TryPackId(id, out var packed));
        Assert.Equal(id, LedgerText.UnpackId(packed));
    }

    [Fact]
    public void Ids_of_different_lengths_pack_apart()
    {
        LedgerText.TryPackId("00ab", out var longer);
        LedgerText.TryPackId("ab", out var shorter);
        Assert.NotEqual(longer, shorter);
    }

    [Theory]
    [InlineData("Ac7Kq_")]
    [InlineData("Ac7Kq é")]
    [InlineData("Ac7Kq\u0141")]
    [InlineData("Ac7Kq-")]
    [InlineData("00000000000")]
    public void Characters_outside_base62_do_not_pack(string id) => Assert.False(LedgerText.TryPackId(id, out _));

    [Theory]
    [InlineData("0")]
    [InlineData("-15")]
    [InlineData("300")]
    [InlineData("999999999999999999")]
    [InlineData("-9223372036854775808")]
    [InlineData("9223372036854775807")]
    public void Amounts_equal_credits_parsing(string text)
    {
        Assert.True(Credits.TryParse(text, out var expected));
        Assert.Equal(expected.Value, LedgerText.Amount(text));
    }

    [Fact]
    public void Terms_equal_the_ledger_terms()
    {
        foreach (var name in LedgerTerms.TransactionTypes)
        {
            Assert.True(LedgerTerms.TryParseTransactionType(name, out var expected));
            Assert.Equal(expected, LedgerText.TransactionType(name));
        }
        foreach (var name in LedgerTerms.ItemTypes)
        {
            Assert.True(LedgerTerms.TryParseItemType(name, out var expected));
            Assert.Equal(expected, LedgerText.ItemType(name));
        }
        foreach (var name in LedgerTerms.Features)
        {
            Assert.True(LedgerTerms.TryParseFeature(name, out var expected));
            Assert.Equal(expected, LedgerText.Feature(name));
        }
    }

    [Fact]
    public void Radix_sort_orders_like_array_sort()
    {
        var random = new Random(7);
        foreach (var length in new[] { 0, 1, 2, 100, 10_000 })
        {
            var keys = Enumerable.Range(0, length).Select(_ => (ulong)random.NextInt64() >> random.Next(0, 40)).ToArray();
            var expected = keys.ToArray();
            Array.Sort(expected);
            RadixSort.Sort<ulong, WholeKey>(keys, new ulong[keys.Length]);
            Assert.Equal(expected, keys);
        }
    }
}
