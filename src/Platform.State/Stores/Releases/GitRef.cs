namespace Platform.State.Stores.Releases;

/// <summary>A git ref by its full name (<c>refs/heads/…</c>) and the commit it points at.</summary>
public sealed record GitRef(string Name, string Sha);

/// <summary>A commit as a store reports it: its SHA, message and first parent (null for a root commit).</summary>
public sealed record GitCommit(string Sha, string Message, string? Parent);
