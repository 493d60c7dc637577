using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Tests.Shared;

/// <summary>
/// The repository, releases and release-asset endpoints, the uploads host, and the signed download
/// an asset's bytes are redirected to (which, as S3 does, refuses a request that also carries an
/// Authorization header).
/// </summary>
internal sealed class ReleaseEndpoints(
    StandInRepository repository, StandInJson json, StandInUrls urls, StandInFaultState faults, TimeProvider clock, string defaultBranch, Func<StandInRequest, bool> authorized)
{
    private const string Repo = "repos/{owner}/{repo}";
    private static readonly TimeSpan SignatureLifetime = TimeSpan.FromMinutes(5);

    private readonly byte[] secret = RandomNumberGenerator.GetBytes(32);

    public IEnumerable<StandInRoute> Routes() =>
    [
        new("GET", Repo, _ => StandInAnswer.Json(200, json.Repository(repository, defaultBranch))),
        new("GET", Repo + "/releases", ListReleases),
        new("POST", Repo + "/releases", CreateRelease),
        new("GET", Repo + "/releases/latest", _ => ReleaseAnswer(200, repository.Releases().FirstOrDefault(r => !r.Release.Draft && !r.Release.Prerelease) is { Release: not null } r ? r : throw GitHubError.NotFound())),
        new("GET", Repo + "/releases/tags/{tag}", call => ReleaseAnswer(200, repository.ReleaseByTag(call["tag"]) ?? throw GitHubError.NotFound("https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name"))),
        new("GET", Repo + "/releases/assets/{asset_id}", GetAsset),
        new("PATCH", Repo + "/releases/assets/{asset_id}", UpdateAsset),
        new("DELETE", Repo + "/releases/assets/{asset_id}", call => repository.DeleteAsset(call.Id("asset_id")) ? StandInAnswer.Empty(204) : throw GitHubError.NotFound()),
        new("GET", Repo + "/releases/{release_id}", call => ReleaseAnswer(200, repository.Release(call.Id("release_id")) ?? throw GitHubError.NotFound())),
        new("DELETE", Repo + "/releases/{release_id}", call => repository.DeleteRelease(call.Id("release_id")) ? StandInAnswer.Empty(204) : throw GitHubError.NotFound()),
        new("GET", Repo + "/releases/{release_id}/assets", ListAssets),
        new("POST", "uploads/" + Repo + "/releases/{release_id}/assets", Upload),
        new("GET", "downloads/{asset_id}/{name}", Download, isApi: false),
        new("GET", "{owner}/{repo}/releases/download/{tag}/{name}", BrowserDownload, isApi: false),
    ];

    private StandInAnswer ListReleases(StandInCall call)
    {
        var (page, links) = StandInPages.Page(repository.Releases(), call.Request, urls.ById("releases"));
        return StandInAnswer.Json(200, StandInJson.Write(w =>
        {
            w.WriteStartArray();
            page.ToList().ForEach(r => json.Release(w, r.Release, r.Assets));
            w.WriteEndArray();
        }), links);
    }

    private StandInAnswer CreateRelease(StandInCall call)
    {
        var body = call.Request.Json();
        var tag = Text(body, "tag_name") ?? throw GitHubError.Validation("Release", "missing_field", "tag_name");
        var release = repository.CreateRelease(tag, Text(body, "name") ?? tag, Text(body, "body") ?? "",
            Flag(body, "draft"), Flag(body, "prerelease"), Text(body, "target_commitish"));
        return ReleaseAnswer(201, (release, []), ("Location", urls.RepoApi($"releases/{release.Id}")));
    }

    private StandInAnswer ListAssets(StandInCall call)
    {
        var id = call.Id("release_id");
        var (release, assets) = repository.Release(id) ?? throw GitHubError.NotFound();
        var (page, links) = StandInPages.Page(assets, call.Request, urls.ById($"releases/{id}/assets"));
        return StandInAnswer.Json(200, StandInJson.Write(w =>
        {
            w.WriteStartArray();
            page.ToList().ForEach(a => json.Asset(w, a, release.Tag));
            w.WriteEndArray();
        }), links);
    }

    /// <summary>The asset's JSON; asked for <c>application/octet-stream</c>, a 302 to its signed download.</summary>
    private StandInAnswer GetAsset(StandInCall call)
    {
        var (asset, release) = repository.Asset(call.Id("asset_id")) ?? throw GitHubError.NotFound();
        if (call.Request.Accepts("application/octet-stream"))
        {
            return asset.Complete ? Redirect(asset) : throw GitHubError.NotFound();
        }
        return AssetAnswer(200, asset, release.Tag);
    }

    private StandInAnswer UpdateAsset(StandInCall call)
    {
        var body = call.Request.Json();
        var id = call.Id("asset_id");
        var asset = repository.UpdateAsset(id, Text(body, "name"), Text(body, "label"));
        return AssetAnswer(200, asset, repository.Asset(id)?.Release.Tag ?? "");
    }

    /// <summary>
    /// An upload to the uploads host. A broken one (per the fault settings) leaves a starter asset or
    /// the whole asset behind, then answers 502 or closes the connection without an answer.
    /// </summary>
    private StandInAnswer Upload(StandInCall call)
    {
        var releaseId = call.Id("release_id");
        var release = repository.Release(releaseId)?.Release ?? throw GitHubError.NotFound();
        var name = call.Request.Query.GetValueOrDefault("name") is { Length: > 0 } given ? given : throw GitHubError.Validation("ReleaseAsset", "missing_field", "name");
        var label = call.Request.Query.GetValueOrDefault("label");
        var contentType = call.Request.Header("Content-Type") ?? "application/octet-stream";
        var (settings, ordinal) = faults.Next(StandInFaultState.Kind.Upload);
        if (!settings.BrokenUploads.Hits(settings.Seed, "broken-upload", ordinal))
        {
            var asset = repository.AddAsset(releaseId, name, label, contentType, call.Request.Body, complete: true);
            return AssetAnswer(201, asset, release.Tag);
        }
        var kind = settings.PickBrokenUpload(ordinal);
        repository.AddAsset(releaseId, name, label, contentType, call.Request.Body, complete: kind is BrokenUpload.StoredThen502 or BrokenUpload.StoredThenDrop);
        return kind is BrokenUpload.StarterThenDrop or BrokenUpload.StoredThenDrop
            ? StandInAnswer.Dropped with { Faulted = true }
            : StandInAnswer.Json(502, new JsonObject { ["message"] = "Server Error" }) with { Faulted = true };
    }

    /// <summary>The signed download, as S3 serves it: no Authorization header allowed, the signature must hold and be fresh.</summary>
    private StandInAnswer Download(StandInCall call)
    {
        if (call.Request.Header("Authorization") is { } authorization)
        {
            return S3Error(400, "InvalidArgument",
                "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified",
                $"<ArgumentName>Authorization</ArgumentName><ArgumentValue>{System.Security.SecurityElement.Escape(authorization)}</ArgumentValue>");
        }
        var id = call.Id("asset_id");
        var expires = long.TryParse(call.Request.Query.GetValueOrDefault("expires"), NumberStyles.None, CultureInfo.InvariantCulture, out var e) ? e : 0;
        if (call.Request.Query.GetValueOrDefault("sig") != Signature(id, expires))
        {
            return S3Error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        }
        if (clock.GetUtcNow().ToUnixTimeSeconds() > expires)
        {
            return S3Error(403, "AccessDenied", "Request has expired");
        }
        if (repository.Asset(id) is not { Asset.Complete: true } found)
        {
            return S3Error(404, "NoSuchKey", "The specified key does not exist.");
        }
        return StandInAnswer.Bytes(200, found.Asset.Content.ToArray(), "application/octet-stream",
            ("Content-Disposition", $"attachment; filename={found.Asset.Name}"), ("ETag", $"\"{found.Asset.Digest?[7..39]}\""));
    }

    /// <summary>The HTML site's download link: a redirect to the signed download, for a public repository or a token.</summary>
    private StandInAnswer BrowserDownload(StandInCall call)
    {
        if (!string.Equals(call["owner"], urls.Owner, StringComparison.OrdinalIgnoreCase) || !string.Equals(call["repo"], urls.Repo, StringComparison.OrdinalIgnoreCase)
            || (repository.Private && !authorized(call.Request)))
        {
            return StandInAnswer.Bytes(404, "Not Found"u8.ToArray(), "text/plain; charset=utf-8");
        }
        var asset = repository.ReleaseByTag(call["tag"])?.Assets.FirstOrDefault(a => a.Name == call["name"] && a.Complete);
        return asset is null ? StandInAnswer.Bytes(404, "Not Found"u8.ToArray(), "text/plain; charset=utf-8") : Redirect(asset);
    }

    private StandInAnswer Redirect(StandInAsset asset)
    {
        var expires = (clock.GetUtcNow() + SignatureLifetime).ToUnixTimeSeconds();
        var location = urls.Api($"downloads/{asset.Id}/{Uri.EscapeDataString(asset.Name)}?sig={Signature(asset.Id, expires)}&expires={expires}");
        return StandInAnswer.Empty(302, ("Location", location));
    }

    private string Signature(long assetId, long expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes($"{assetId}\n{expires}")));

    private StandInAnswer ReleaseAnswer(int status, (StandInRelease Release, IReadOnlyList<StandInAsset> Assets) release, params (string, string)[] headers) =>
        StandInAnswer.Json(status, StandInJson.Write(w => json.Release(w, release.Release, release.Assets)), headers);

    private StandInAnswer AssetAnswer(int status, StandInAsset asset, string tag) =>
        StandInAnswer.Json(status, StandInJson.Write(w => json.Asset(w, asset, tag)));

    private static StandInAnswer S3Error(int status, string code, string message, string extra = "") => StandInAnswer.Bytes(status,
        Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{message}</Message>{extra}<RequestId>STANDIN</RequestId></Error>"),
        "application/xml");

    private static string? Text(JsonObject body, string name) =>
        body[name]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? body[name]!.GetValue<string>() : null;

    private static bool Flag(JsonObject body, string name) =>
        body[name]?.GetValueKind() == System.Text.Json.JsonValueKind.True;
}
