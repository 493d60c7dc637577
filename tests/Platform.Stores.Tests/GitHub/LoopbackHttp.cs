using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Platform.Stores.Tests.GitHub;

/// <summary>
/// A tiny HTTP/1.1 server on 127.0.0.1 (a port the OS picks) for what only a real socket shows, such as
/// which headers HttpClient sends after following a redirect. One request per connection; each is
/// answered by <c>respond</c> (from the request's head) and its head kept in <see cref="Requests"/>.
/// </summary>
public sealed class LoopbackHttp : IDisposable
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(30);

    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, string> respond;
    private readonly List<string> requests = [];
    private readonly CancellationTokenSource stop = new();
    private readonly Task serving;

    public LoopbackHttp(Func<string, string> respond)
    {
        this.respond = respond;
        listener.Start();
        Url = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/");
        serving = Task.Run(Serve);
    }

    public Uri Url { get; }

    /// <summary>Each request's head (request line and headers), in arrival order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (requests)
            {
                return [.. requests];
            }
        }
    }

    /// <summary>A complete answer with a body.</summary>
    public static string Answer(int status, string reason, string body, params string[] headers) =>
        $"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n"
        + string.Concat(headers.Select(h => h + "\r\n")) + "\r\n" + body;

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            serving.Wait(ReadTimeout);
        }
        catch (AggregateException)
        {
            // the listener stopped under a pending accept: that is how serving ends
        }
        stop.Dispose();
    }

    private async Task Serve()
    {
        while (!stop.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(stop.Token);
            using var stream = client.GetStream();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
            timeout.CancelAfter(ReadTimeout);
            var head = await ReadHead(stream, timeout.Token);
            lock (requests)
            {
                requests.Add(head);
            }
            await stream.WriteAsync(Encoding.UTF8.GetBytes(respond(head)), timeout.Token);
        }
    }

    /// <summary>Reads up to the blank line that ends the head; the requests sent here carry no body.</summary>
    private static async Task<string> ReadHead(NetworkStream stream, CancellationToken cancel)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (!(bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, cancel) == 0)
            {
                break;
            }
            bytes.Add(one[0]);
        }
        return Encoding.ASCII.GetString([.. bytes]);
    }
}
