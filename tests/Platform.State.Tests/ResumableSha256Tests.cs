using System.Security.Cryptography;
using Platform.Files.Files;

namespace Platform.State.Tests;

public class ResumableSha256Tests
{
    [Fact]
    public void Libcrypto_is_found_on_the_machines_the_platform_runs_on() => Assert.True(ResumableSha256.IsAvailable);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(63, 1)]
    [InlineData(64, 64)]
    [InlineData(1000, 333)]
    [InlineData(1 << 20, 12_345)]
    public void A_state_saved_midway_and_resumed_gives_the_hash_of_the_whole(int total, int cut)
    {
        var bytes = new byte[total];
        new Random(total).NextBytes(bytes);
        var first = ResumableSha256.Start();
        first.Append(bytes.AsSpan(0, cut));
        var midway = first.CurrentHex();

        var resumed = ResumableSha256.Resume(first.Save(), first.Length);
        resumed.Append(bytes.AsSpan(cut));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, cut))), midway);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), resumed.CurrentHex());
        Assert.Equal(total, resumed.Length);
    }
}
