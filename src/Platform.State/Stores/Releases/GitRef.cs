namespace Platform.State.Stores.Releases;

/// <summary>A git ref by its full name (<c>refs/heads/…</c>) and the commit it points at.</summary>
public sealed record GitRef(string Name, string Sha);
