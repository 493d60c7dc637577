namespace Platform.Tests.Shared;

/// <summary>
/// What reached the stand-in, counted under one lock so a snapshot is consistent: requests, the
/// content-creating ones (POST, PATCH, PUT, DELETE, GitHub's term for what its secondary limits
/// count), request and response body bytes, injected faults, and requests per route.
/// </summary>
public sealed class StandInTraffic
{
    private readonly object gate = new();
    private readonly Dictionary<string, long> byRoute = new(StringComparer.Ordinal);
    private long requests;
    private long contentCreating;
    private long bytesReceived;
    private long bytesSent;
    private long faults;

    public long Requests => Snapshot().Requests;

    public long ContentCreatingRequests => Snapshot().ContentCreatingRequests;

    public long BytesReceived => Snapshot().BytesReceived;

    public long BytesSent => Snapshot().BytesSent;

    public long FaultsInjected => Snapshot().FaultsInjected;

    public IReadOnlyDictionary<string, long> ByRoute => Snapshot().ByRoute;

    public StandInTrafficSnapshot Snapshot()
    {
        lock (gate)
        {
            return new StandInTrafficSnapshot(requests, contentCreating, bytesReceived, bytesSent, faults, new Dictionary<string, long>(byRoute, StringComparer.Ordinal));
        }
    }

    public void Reset()
    {
        lock (gate)
        {
            (requests, contentCreating, bytesReceived, bytesSent, faults) = (0, 0, 0, 0, 0);
            byRoute.Clear();
        }
    }

    internal void Count(string route, bool isContentCreating, long received, long sent, bool faulted)
    {
        lock (gate)
        {
            requests++;
            contentCreating += isContentCreating ? 1 : 0;
            bytesReceived += received;
            bytesSent += sent;
            faults += faulted ? 1 : 0;
            byRoute[route] = byRoute.GetValueOrDefault(route) + 1;
        }
    }

    internal static bool IsContentCreating(string method) => method is "POST" or "PATCH" or "PUT" or "DELETE";
}

/// <summary>
/// The counters at one moment. Routes are named by method and template, e.g.
/// <c>POST /uploads/repos/{owner}/{repo}/releases/{release_id}/assets</c>. Subtract an earlier
/// snapshot to get what happened in between.
/// </summary>
public sealed record StandInTrafficSnapshot(
    long Requests, long ContentCreatingRequests, long BytesReceived, long BytesSent, long FaultsInjected, IReadOnlyDictionary<string, long> ByRoute)
{
    /// <summary>Requests of the routes whose name contains <paramref name="fragment"/> (e.g. <c>"/git/refs"</c>).</summary>
    public long RequestsTo(string fragment) => ByRoute.Where(r => r.Key.Contains(fragment, StringComparison.Ordinal)).Sum(r => r.Value);

    public static StandInTrafficSnapshot operator -(StandInTrafficSnapshot later, StandInTrafficSnapshot earlier) => new(
        later.Requests - earlier.Requests,
        later.ContentCreatingRequests - earlier.ContentCreatingRequests,
        later.BytesReceived - earlier.BytesReceived,
        later.BytesSent - earlier.BytesSent,
        later.FaultsInjected - earlier.FaultsInjected,
        later.ByRoute.Select(r => (r.Key, Count: r.Value - earlier.ByRoute.GetValueOrDefault(r.Key)))
            .Where(r => r.Count != 0).ToDictionary(r => r.Key, r => r.Count, StringComparer.Ordinal));

    public override string ToString() =>
        $"{Requests} requests ({ContentCreatingRequests} content-creating), {BytesReceived} bytes up, {BytesSent} bytes down, {FaultsInjected} faults: "
        + string.Join(", ", ByRoute.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} x{r.Value}"));
}
