using System.Text;

namespace Platform.Tests.Shared;

/// <summary>A release as the stand-in holds it.</summary>
public sealed record StandInRelease(long Id, string Tag, string Name, string Body, bool Draft, bool Prerelease, string TargetCommitish, DateTimeOffset CreatedAt);

/// <summary>
/// An asset as the stand-in holds it, bytes included. <see cref="State"/> is <c>uploaded</c>, or
/// <c>starter</c> for an upload that broke off (size 0, no bytes).
/// </summary>
public sealed record StandInAsset(
    long Id, long ReleaseId, string Name, string? Label, string State, string ContentType, ReadOnlyMemory<byte> Content, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public const string Uploaded = "uploaded";
    public const string Starter = "starter";

    public long Size => Content.Length;

    public bool Complete => State == Uploaded;

    public string Text => Encoding.UTF8.GetString(Content.Span);

    /// <summary>GitHub's <c>digest</c> of a stored asset (<c>sha256:…</c>); null for a starter.</summary>
    public string? Digest { get; init; }
}

/// <summary>A commit as the stand-in holds it: its tree and parents by SHA.</summary>
public sealed record StandInCommit(string Sha, string Message, string Tree, IReadOnlyList<string> Parents, DateTimeOffset Date);

/// <summary>A tree, flattened: every file's full path, mode and blob SHA.</summary>
public sealed record StandInTree(string Sha, IReadOnlyDictionary<string, StandInTreeFile> Files);

public readonly record struct StandInTreeFile(string Mode, string Sha, long Size);
