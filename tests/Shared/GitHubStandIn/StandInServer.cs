using System.Net;
using System.Net.Sockets;

namespace Platform.Tests.Shared;

/// <summary>
/// The transport: an <see cref="HttpListener"/> on 127.0.0.1 at a port the OS picked, serving each
/// request on the thread pool. A request body is read whole before it is answered; an answer
/// marked <see cref="StandInAnswer.Drop"/> closes the connection without a response.
/// </summary>
internal sealed class StandInServer : IDisposable
{
    private const int PortAttempts = 20;

    private readonly HttpListener listener;
    private readonly Func<StandInRequest, StandInAnswer> answer;
    private readonly long maxRequestBytes;
    private readonly Task accepting;
    private readonly CountdownEvent inFlight = new(1);

    private StandInServer(HttpListener listener, int port, Func<StandInRequest, StandInAnswer> answer, long maxRequestBytes)
    {
        this.listener = listener;
        this.answer = answer;
        this.maxRequestBytes = maxRequestBytes;
        BaseUrl = $"http://127.0.0.1:{port}";
        accepting = Task.Run(AcceptAsync);
    }

    /// <summary>The base URL, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public static StandInServer Start(Func<StandInRequest, StandInAnswer> answer, long maxRequestBytes)
    {
        EnoughThreads();
        for (var attempt = 1; ; attempt++)
        {
            // HttpListener cannot bind port 0: take a port the OS hands out, free it, and claim it (again if someone raced us to it).
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            var listener = new HttpListener { IgnoreWriteExceptions = true };
            listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                listener.Start();
                return new StandInServer(listener, port, answer, maxRequestBytes);
            }
            catch (HttpListenerException) when (attempt < PortAttempts)
            {
                listener.Close();
            }
        }
    }

    /// <summary>
    /// HttpListener completes its reads and writes on the thread pool. Tests that block pool threads
    /// (16 writers in parallel, or threads waiting on 16 CLI processes) would starve it, and the pool
    /// adds a thread only every half second or so: every answer would crawl. So the pool keeps enough
    /// threads ready from the start, in this test process only.
    /// </summary>
    private static void EnoughThreads()
    {
        const int Ready = 200;
        ThreadPool.GetMinThreads(out var workers, out var completions);
        if (workers < Ready || completions < Ready)
        {
            ThreadPool.SetMinThreads(Math.Max(workers, Ready), Math.Max(completions, Ready));
        }
    }

    public void Dispose()
    {
        listener.Stop();
        accepting.Wait(TimeSpan.FromSeconds(10));
        inFlight.Signal();
        inFlight.Wait(TimeSpan.FromSeconds(10));
        listener.Close();
        inFlight.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return; // stopped
            }
            if (inFlight.TryAddCount())
            {
                _ = Task.Run(() => ServeAsync(context));
            }
        }
    }

    private async Task ServeAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            var request = context.Request;
            if (request.ContentLength64 > maxRequestBytes)
            {
                response.StatusCode = 413;
                response.Close();
                return;
            }
            var body = await ReadAsync(request).ConfigureAwait(false);
            var headers = request.Headers.AllKeys.OfType<string>()
                .ToDictionary(k => k, k => request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase);
            StandInAnswer reply;
            try
            {
                reply = answer(new StandInRequest(request.HttpMethod, request.RawUrl ?? "/", headers, body));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A bug in the stand-in: say so loudly rather than leave the client hanging.
                reply = StandInAnswer.Json(500, System.Text.Encoding.UTF8.GetBytes(
                    System.Text.Json.JsonSerializer.Serialize(new { message = "stand-in failure: " + e })));
            }
            if (reply.Drop)
            {
                response.Abort();
                return;
            }
            response.StatusCode = reply.Status;
            foreach (var (name, value) in reply.Headers)
            {
                response.Headers[name] = value;
            }
            if (reply.ContentType is not null)
            {
                response.ContentType = reply.ContentType;
            }
            response.ContentLength64 = reply.Body.Length;
            if (reply.Body.Length > 0)
            {
                await response.OutputStream.WriteAsync(reply.Body).ConfigureAwait(false);
            }
            response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The client went away mid-exchange: nothing to answer.
            try
            {
                response.Abort();
            }
            catch (ObjectDisposedException)
            {
            }
        }
        finally
        {
            inFlight.Signal();
        }
    }

    private static async Task<byte[]> ReadAsync(HttpListenerRequest request)
    {
        if (!request.HasEntityBody)
        {
            return [];
        }
        using var buffer = request.ContentLength64 > 0 ? new MemoryStream((int)request.ContentLength64) : new MemoryStream();
        await request.InputStream.CopyToAsync(buffer).ConfigureAwait(false);
        return buffer.Length == buffer.Capacity ? buffer.GetBuffer() : buffer.ToArray(); // tens of MiB: copy only when the length was not known
    }
}
