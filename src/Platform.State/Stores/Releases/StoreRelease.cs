namespace Platform.State.Stores.Releases;

/// <summary>
/// A release as its store reports it. <see cref="UploadUrl"/> is where GitHub wants this release's
/// uploads sent (its <c>upload_url</c> template); stores that need none leave it null.
/// </summary>
public sealed record StoreRelease(long Id, string Tag, string? UploadUrl = null);
