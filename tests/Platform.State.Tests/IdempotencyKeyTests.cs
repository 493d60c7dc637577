using Platform.State.Ledger;

namespace Platform.State.Tests;

public class IdempotencyKeyTests
{
    [Theory]
    [InlineData("{\"idem\":\"topup:Ac7Kq2:BT:r1\"}")]
    [InlineData("{\"idem\":\"a\\\"b\"}")]
    [InlineData("{\"idem\":\"a\\\\b\"}")]
    [InlineData("{\"idem\":\"caf\\u00e9\"}")]
    [InlineData("{\"idem\":\"café\"}")]
    [InlineData("{\"idem\":\"k\",\"reference\":\"r\"}")]
    [InlineData("{\"reference\":\"r\",\"idem\":\"k\"}")]
    [InlineData("{\"idem\":\"k\"} ")]
    [InlineData("{ \"idem\" : \"k\" }")]
    [InlineData("{\"idem\":\"first\",\"idem\":\"second\"}")]
    [InlineData("{\"idem\":\"\"}")]
    [InlineData("{\"idem\":5}")]
    [InlineData("{\"note\":\"no key\"}")]
    [InlineData("{\"idem\":\"k\"")]
    [InlineData("{\"idem\":\"k\u0001\"}")]
    [InlineData("{\"idem\":\"k\"}}")]
    [InlineData("{\"idem\":\"k\",}")]
    public void The_fast_path_finds_what_the_json_reader_finds(string metadata)
    {
        var valid = IdempotencyKey.TryFind(metadata, out var key);
        Assert.Equal(valid, IdempotencyKey.TryFindHash(metadata, out var hash, out var hasKey));
        if (valid)
        {
            Assert.Equal(key is not null, hasKey);
            Assert.Equal(key is null ? default : IdempotencyKey.Hash(key), hash);
        }
    }

    [Theory]
    [InlineData("{\"idem\":\"k\",\"topup_method_id\":\"BT\",\"reference\":\"r\"}", "BT")]
    [InlineData("{\"idem\":\"k\",\"topup_method_id\":\"B\\u0054\"}", "BT")]
    [InlineData("{\"idem\":\"k\"}", "")]
    [InlineData("{\"topup_method_id\":5}", "")]
    [InlineData("{\"topup_method_id\":\"BT\"", "")]
    [InlineData("{\"note\":\"topup_method_id\"}", "")]
    public void A_top_ups_method_is_read_from_its_metadata(string metadata, string method) =>
        Assert.Equal(method, IdempotencyKey.TextOf(metadata, "topup_method_id"));

    [Fact]
    public void An_escaped_key_hashes_like_the_plain_one()
    {
        IdempotencyKey.TryFindHash("{\"idem\":\"caf\\u00e9\"}", out var escaped, out _);
        IdempotencyKey.TryFindHash("{\"idem\":\"café\"}", out var plain, out _);
        Assert.Equal(IdempotencyKey.Hash("café"), plain);
        Assert.Equal(plain, escaped);
    }
}
