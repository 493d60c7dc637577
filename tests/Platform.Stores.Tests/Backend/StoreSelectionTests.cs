using Platform.Domain.Errors;
using Platform.State.Stores;
using Platform.State.Stores.Local;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.Backend;

public sealed class StoreSelectionTests : IDisposable
{
    private readonly TempFolder temp = new();

    [Theory]
    [InlineData(null, null, "t", "acme/platform", "github")]
    [InlineData(null, null, "t", null, "local")]
    [InlineData(null, null, null, "acme/platform", "local")]
    [InlineData(null, "none", "t", "acme/platform", "none")]
    [InlineData("local", "github", "t", "acme/platform", "local")]
    public void Auto_picks_github_only_with_a_token_and_a_repository(string? option, string? env, string? token, string? repository, string expected)
    {
        var environment = new Dictionary<string, string?> { ["PLATFORM_STORE"] = env, ["GITHUB_TOKEN"] = token, ["GITHUB_REPOSITORY"] = repository };

        Assert.Equal(expected, StoreSelection.ResolveKind(option, environment.GetValueOrDefault));
    }

    [Fact]
    public void An_unknown_store_is_bad_input()
    {
        var error = Assert.Throws<PlatformException>(() => StoreSelection.ResolveKind("s3", _ => null));

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
    }

    [Fact]
    public void The_local_store_defaults_to_a_folder_in_the_repository()
    {
        using var opened = StoreSelection.Open("local", null, temp.Path, false, _ => null, TimeProvider.System);

        Assert.Equal(("local", temp.Combine(".platform", "releases")), (opened.Backend.Name, ((LocalReleaseStore)opened.Releases!).Root));
    }

    public void Dispose() => temp.Dispose();
}
