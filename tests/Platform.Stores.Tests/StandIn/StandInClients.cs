using Platform.State.Stores.GitHub;
using Platform.Stores.Tests.Support;

namespace Platform.Stores.Tests.StandIn;

/// <summary>The product's GitHub store and client pointed at a stand-in, over a real HTTP handler.</summary>
internal static class StandInClients
{
    public static GitHubStoreOptions Options(GitHubStandIn github) => new(github.BaseUrl, github.Owner, github.Repo, github.Token);

    /// <summary>A client whose retry waits pass at once (<paramref name="clock"/> records them).</summary>
    public static GitHubRestClient Client(GitHubStandIn github, Func<GitHubStoreOptions, GitHubStoreOptions>? adjust = null, InstantDelays? clock = null) =>
        new(adjust is null ? Options(github) : adjust(Options(github)), handler: null, clock ?? new InstantDelays());

    public static GitHubReleaseStore Store(GitHubStandIn github, Func<GitHubStoreOptions, GitHubStoreOptions>? adjust = null, InstantDelays? clock = null) =>
        new(Client(github, adjust, clock));

    /// <summary>A plain client for asking the stand-in directly, with the token unless told otherwise.</summary>
    public static HttpClient Http(GitHubStandIn github, bool withToken = true, bool followRedirects = true)
    {
        var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = followRedirects }) { BaseAddress = github.BaseUrl };
        if (withToken)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", "token " + github.Token);
        }
        http.DefaultRequestHeaders.TryAddWithoutValidation("Accept", GitHubRestClient.JsonMediaType);
        return http;
    }
}
